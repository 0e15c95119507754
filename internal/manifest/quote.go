package manifest

import (
	"strconv"
	"strings"
	"unicode"
)

// QuoteName returns a file name fit for one line of text output: a name
// with a control character in it (a newline, a tab, an escape sequence)
// is quoted with Go's escapes, as git quotes such names (core.quotePath),
// so one file cannot print as two lines or recolor a terminal. Other
// names, spaces and non-ASCII letters included, are returned as they are.
func QuoteName(name string) string {
	if strings.IndexFunc(name, unicode.IsControl) < 0 && !strings.HasPrefix(name, `"`) {
		return name
	}
	return strconv.Quote(name)
}
