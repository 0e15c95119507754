package manifest

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"github.com/meshlint/meshlint/internal/fastyaml"
)

// badText returns the offset of the first character that yaml.v3 rejects,
// invalid UTF-8 or a control character, and why; or -1.
//
// We check before parsing because yaml.v3 decodes its input ahead of the
// parser: a bad byte in the next document fails the current one, and the
// error carries no line.
func badText(b []byte) (int, string) {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F {
				return i, fmt.Sprintf("control character %#02x is not allowed", c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i, fmt.Sprintf("invalid UTF-8 (byte %#02x)", c)
		}
		if !fastyaml.Printable(r) {
			return i, fmt.Sprintf("control character %U is not allowed", r)
		}
		i += n
	}
	return -1, ""
}

// binaryError names a file that is not text, or returns nil.
func binaryError(name string, data []byte) *Error {
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return &Error{File: name, Line: 1, Msg: "UTF-16 text is not supported: convert it to UTF-8"}
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return &Error{File: name, Line: lineAt(data, i), Msg: "binary file (NUL byte) is not a manifest"}
	}
	return nil
}

// textError checks b, which starts at line first of a file.
func textError(name string, b []byte, first int) *Error {
	if i, msg := badText(b); i >= 0 {
		return &Error{File: name, Line: first + lineAt(b, i) - 1, Msg: msg}
	}
	return nil
}
