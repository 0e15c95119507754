package yamledit

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"go.yaml.in/yaml/v3"
)

// parseJSONStream reads a file of concatenated JSON values ({...}{...}, as
// kubectl and the loader accept: manifest decodeJSON) that yaml.v3 cannot
// read whole: a second flow mapping is not a second document to it. Each
// value is cut out with encoding/json's tokenizer, the loader's, and
// parsed alone; its nodes are moved to where the value stands in the file.
func parseJSONStream(b []byte) ([]*yaml.Node, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	var docs []*yaml.Node
	for {
		start := int(dec.InputOffset())
		var raw json.RawMessage
		if err := dec.Decode(&raw); errors.Is(err, io.EOF) {
			return docs, nil
		} else if err != nil {
			return nil, fmt.Errorf("invalid JSON: %w", err)
		}
		end := int(dec.InputOffset())
		start += len(b[start:end]) - len(bytes.TrimLeft(b[start:end], " \t\r\n"))
		var n yaml.Node
		if err := yaml.Unmarshal(b[start:end], &n); err != nil {
			return nil, err
		}
		line, col := position(b, start)
		shift(&n, line-1, col-1)
		docs = append(docs, &n)
	}
}

// position is the 1-based line and rune column of offset at.
func position(b []byte, at int) (int, int) {
	line := 1 + bytes.Count(b[:at], []byte("\n"))
	lineStart := bytes.LastIndexByte(b[:at], '\n') + 1
	return line, len([]rune(string(b[lineStart:at]))) + 1
}

// shift moves a tree parsed from a value that starts at line dl+1, column
// dc+1 of the file: every line moves down, and the columns of the
// value's first line move right.
func shift(n *yaml.Node, dl, dc int) {
	if n.Line == 1 {
		n.Column += dc
	}
	n.Line += dl
	for _, c := range n.Content {
		shift(c, dl, dc)
	}
}
