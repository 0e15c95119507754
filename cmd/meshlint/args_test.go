package main

import (
	"io"
	"strings"
	"testing"
)

func TestFlagsAfterPathsAreRead(t *testing.T) {
	app := newApp(strings.NewReader(""), io.Discard, io.Discard)
	cases := []struct{ name, in, want string }{
		{"a value flag after a path moves in front", "meshlint lint dir --format json", "meshlint lint --format json dir"},
		{"a boolean flag takes no value", "meshlint lint dir --explain other", "meshlint lint --explain dir other"},
		{"flag=value stays one argument", "meshlint lint dir --fail-on=none", "meshlint lint --fail-on=none dir"},
		{"flags already first are kept", "meshlint lint --format json dir", "meshlint lint --format json dir"},
		{"- is stdin, not a flag", "meshlint lint - --format json", "meshlint lint --format json -"},
		{"nothing after -- moves", "meshlint lint dir -- --format", "meshlint lint dir -- --format"},
		{"an unknown command is left alone", "meshlint nope a --x", "meshlint nope a --x"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := strings.Join(flagsFirst(app, strings.Fields(c.in)), " "); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

func TestLintTakesFlagsAfterPaths(t *testing.T) {
	r := meshlint(t, "../..", "", "lint", "examples/demo", "--format", "json", "--fail-on", "none")
	r.expect(t, 0, `"rule": "ML201"`, "")
}
