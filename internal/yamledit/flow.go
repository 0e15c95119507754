package yamledit

import (
	"fmt"
	"strings"
)

// matchClose returns the offset of the bracket that closes the flow
// collection opening at open, skipping quoted scalars and comments.
func matchClose(b []byte, open int) (int, error) {
	depth := 0
	for i := open; i < len(b); i++ {
		switch b[i] {
		case '{', '[':
			depth++
		case '}', ']':
			if depth--; depth == 0 {
				return i, nil
			}
		case '"':
			if quoteStarts(b, i, open) {
				i = scanDouble(b, i) - 1
			}
		case '\'':
			if quoteStarts(b, i, open) {
				i = scanSingle(b, i) - 1
			}
		case '#':
			if i > 0 && strings.IndexByte(" \t\r\n", b[i-1]) >= 0 {
				for i < len(b) && b[i] != '\n' && b[i] != '\r' {
					i++
				}
			}
		}
		if i < 0 {
			break
		}
	}
	return 0, fmt.Errorf("unclosed flow collection")
}

// quoteStarts: a quote starts a quoted scalar where a scalar can start
// (after an indicator and blanks); inside a plain scalar it is a letter.
func quoteStarts(b []byte, i, open int) bool {
	for j := i - 1; j >= open; j-- {
		switch b[j] {
		case ' ', '\t', '\r', '\n':
			continue
		case '{', '[', ',', ':', '?':
			return true
		}
		return false
	}
	return true
}

// scanDouble returns the offset after the double-quoted scalar that starts
// at b[start], or -1 when it does not end.
func scanDouble(b []byte, start int) int {
	for i := start + 1; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return -1
}

// scanSingle returns the offset after the single-quoted scalar that starts
// at b[start] (a doubled quote stands for one), or -1 when it does not end.
func scanSingle(b []byte, start int) int {
	for i := start + 1; i < len(b); i++ {
		if b[i] == '\'' {
			if i+1 < len(b) && b[i+1] == '\'' {
				i++
				continue
			}
			return i + 1
		}
	}
	return -1
}
