package nginx

import (
	"fmt"
	"strings"
	"testing"
)

// dump renders directives compactly for table tests: args in Go quotes,
// blocks in braces, raw Lua bodies as body=%q.
func dump(ds []*Directive) string {
	var parts []string
	for _, d := range ds {
		s := d.Name
		for _, a := range d.Args {
			s += fmt.Sprintf(" %q", a)
		}
		switch {
		case d.IsRawBlock():
			s += fmt.Sprintf(" body=%q", d.RawBody)
		case d.Block != nil:
			s += " {" + dump(d.Block) + "}"
		default:
			s += ";"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

func mustParse(t *testing.T, text string) *Config {
	t.Helper()
	c, err := Parse("test.conf", []byte(text))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return c
}
