package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// patchNames are the --- and +++ names of a file in fix --diff: a/ and b/
// before the path relative to the working directory, as `git diff` and
// `diff -ru a b` name them, so that `git apply` and `patch -p1` run where
// meshlint ran apply it. git apply reads the paths of a patch without a
// "diff --git" header relative to the working directory (git:
// apply.c prefix_patch), so no header is written.
func patchNames(path string) (from, to string) {
	rel := filepath.ToSlash(relToWorkDir(path))
	return gitQuote("a/" + rel), gitQuote("b/" + rel)
}

// relToWorkDir is path relative to the working directory, or path as
// given when it lies elsewhere (a patch cannot reach it from here anyway).
func relToWorkDir(path string) string {
	wd, err := os.Getwd()
	if err != nil {
		return filepath.Clean(path)
	}
	rel, err := filepath.Rel(wd, absPath(path))
	if err != nil || !filepath.IsLocal(rel) {
		return filepath.Clean(path)
	}
	return rel
}

// gitQuote quotes a name the way git does in patches when it holds a
// double quote, a backslash or a control character (git: quote.c
// quote_c_style); a name with spaces stays bare, which git apply reads to
// the end of the line.
func gitQuote(name string) string {
	if !strings.ContainsFunc(name, func(r rune) bool { return r == '"' || r == '\\' || r < 0x20 || r == 0x7f }) {
		return name
	}
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(name); i++ {
		switch c := name[i]; {
		case c == '"' || c == '\\':
			b.WriteString(`\` + string(c))
		case c == '\t':
			b.WriteString(`\t`)
		case c == '\n':
			b.WriteString(`\n`)
		case c < 0x20 || c == 0x7f:
			fmt.Fprintf(&b, `\%03o`, c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}
