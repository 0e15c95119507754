package manifest

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// part is one YAML document still to decode, or a result already known
// (a JSON file, an unreadable file).
type part struct {
	origin
	chunk
	out  output
	done bool
}

func (p *part) text() []byte { return p.src.data[p.start:p.end] }

// placed is where a part is in a batch stream: its region starts at line
// from with the separator we added, if any, and its text at line.
type placed struct {
	part       *part
	from, line int
	idx        int // in the parts given to stream
}

// decodeBatch decodes consecutive parts through one yaml.Decoder: a new
// decoder costs about 7 KB of buffers, more than a small document. After a
// syntax error, the part that failed is decoded again on its own, then the
// stream resumes after it.
func decodeBatch(ps []*part) {
	var b posBuilder
	ps = decodeFast(ps, &b)
	for len(ps) > 0 {
		n, retry := decodeStream(ps)
		if retry >= 0 {
			ps[retry].out = output{}
			decodeStream(ps[retry : retry+1])
			n = retry + 1
		}
		ps = ps[n:]
	}
}

// decodeStream decodes ps until the end or the first error. It returns how
// many parts it used up; or, after an error in a stream of several parts,
// the index of the part to decode again alone: the part of the last good
// document, whose later documents may have failed (the error may not say
// where), or the first part.
//
// The stream resumes after that part, so a failure in the next part shows
// there. yaml.v3 reads ahead: an unterminated quote after the next "---"
// fails the document before it.
func decodeStream(ps []*part) (used, retry int) {
	buf, at, used := stream(ps)
	dec := yaml.NewDecoder(bytes.NewReader(buf))
	last := -1 // index in at of the part of the last good document
	var b posBuilder
	for {
		var doc yaml.Node
		err := decodeSafe(dec, &doc)
		if err == io.EOF {
			return used, -1
		}
		if err != nil {
			i := max(last, 0)
			if len(ps) > 1 {
				return 0, at[i].idx
			}
			at[i].fail(yamlError(err))
			return used, -1
		}
		last = partAt(at, doc.Line)
		pl := at[last]
		if bad := place(&doc, pl.part.line-pl.line); bad != nil {
			pl.part.out.fail(pl.part.origin, bad.Line, fmt.Sprintf("invalid YAML: unknown anchor '%s' referenced", bad.Value))
			continue
		}
		pl.part.out.addDoc(pl.part.origin, &doc, len(pl.part.text()), &b)
	}
}

// stream joins the texts of ps into one YAML stream, separated by "---"
// where a part lacks its own marker. Parts with bad text get their error and
// stay out. A part with directives can only start a stream, and one that
// does not end with LF ends it: adding a break would change a block scalar
// that runs to its end ("|" keeps the final break), and a final CR would
// join an LF that follows.
func stream(ps []*part) (buf []byte, at []placed, used int) {
	size := 0
	for _, p := range ps {
		size += p.end - p.start + 5
	}
	buf, at = make([]byte, 0, size), make([]placed, 0, len(ps))
	line := 1
	for used = 0; used < len(ps); used++ {
		p := ps[used]
		if p.done {
			continue
		}
		if err := textError(p.name, p.text(), p.line); err != nil {
			p.out.errs, p.done = append(p.out.errs, err), true
			continue
		}
		from := line
		if len(buf) > 0 {
			if p.lead == '%' {
				break
			}
			if p.lead != '-' {
				buf, line = append(buf, "---\n"...), line+1
			}
		}
		at = append(at, placed{p, from, line, used})
		buf = append(buf, p.text()...)
		line += p.breaks
		if t := p.text(); len(t) == 0 || t[len(t)-1] != '\n' {
			return buf, at, used + 1
		}
	}
	return buf, at, used
}

// partAt returns the index in at of the part holding stream line.
func partAt(at []placed, line int) int {
	return max(sort.Search(len(at), func(i int) bool { return at[i].from > line })-1, 0)
}

// fail records a syntax error at stream line, kept within the part: yaml.v3
// may report a line further on (an unclosed flow collection is reported at
// the next document's marker).
func (pl placed) fail(line int, msg string) {
	p := pl.part
	if line > 0 {
		line = p.line + line - pl.line
		line = min(max(line, p.line), p.line+p.breaks-endsWithBreak(p.text()))
	} else {
		line = guessLine(p, msg)
	}
	p.out.fail(p.origin, line, "invalid YAML: "+msg)
}

// yamlError splits yaml.v3's "yaml: line N: msg" into N and msg.
//
// yaml.v3 adds one to the 0-based line of scanner errors only; parser errors
// (parserc.go) come out one line early, so we add it (decode.go, fail).
func yamlError(err error) (int, string) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	rest, ok := strings.CutPrefix(msg, "line ")
	if !ok {
		return 0, msg
	}
	num, text, ok := strings.Cut(rest, ": ")
	n, err2 := strconv.Atoi(num)
	if !ok || err2 != nil {
		return 0, msg
	}
	if parserProblem(text) {
		n++
	}
	return n, text
}

// parserProblem reports whether msg is one of parserc.go's problems.
func parserProblem(msg string) bool {
	switch msg {
	case "did not find expected <stream-start>", "did not find expected <document start>",
		"found undefined tag handle", "did not find expected node content",
		"did not find expected '-' indicator", "did not find expected key",
		"did not find expected ',' or ']'", "did not find expected ',' or '}'",
		"found duplicate %YAML directive", "found incompatible YAML document",
		"found duplicate %TAG directive":
		return true
	}
	return false
}

// guessLine places an error that yaml.v3 reports without a line: an unknown
// anchor at its first use, anything else at the part's start.
func guessLine(p *part, msg string) int {
	t := p.text()
	if name, ok := strings.CutPrefix(msg, "unknown anchor '"); ok {
		name, _, _ = strings.Cut(name, "'")
		if i := bytes.Index(t, []byte("*"+name)); i >= 0 {
			return p.line + lineAt(t, i) - 1
		}
	}
	return p.line
}

// decodeSafe turns a yaml.v3 panic into an error: bad input must never
// crash the loader.
func decodeSafe(dec *yaml.Decoder, n *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: parser failure: %v", r)
		}
	}()
	return dec.Decode(n)
}

// place moves the lines of doc's nodes from stream lines to file lines, and
// returns an alias that refers to an anchor outside doc, if any: yaml.v3
// keeps anchors across a stream, YAML scopes them to their document.
func place(doc *yaml.Node, shift int) *yaml.Node {
	var anchors map[*yaml.Node]bool
	var walk func(n *yaml.Node) *yaml.Node
	walk = func(n *yaml.Node) *yaml.Node {
		n.Line += shift
		if n.Anchor != "" {
			if anchors == nil {
				anchors = map[*yaml.Node]bool{}
			}
			anchors[n] = true
		}
		if n.Kind == yaml.AliasNode && !anchors[n.Alias] {
			return n
		}
		for _, c := range n.Content {
			if bad := walk(c); bad != nil {
				return bad
			}
		}
		return nil
	}
	return walk(doc)
}
