package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// mysqlStream is a namespace with injection on and a mysql StatefulSet in
// it (MM02 work), as concatenated JSON values: one line, no separator.
const mysqlStream = `{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"db","labels":{"istio-injection":"enabled"}}}` +
	`{"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"mysql","namespace":"db"},"spec":{"selector":{"matchLabels":{"app":"mysql"}},` +
	`"template":{"metadata":{"labels":{"app":"mysql"}},"spec":{"containers":[{"name":"mysql","image":"mysql:8.0","ports":[{"containerPort":3306}]}]}}}}` + "\n"

// A concatenated JSON stream that lint reads, fix reads too (it failed
// with a raw YAML error): one line, and one value per line.
func TestFixReadsTheJSONStreamsLintReads(t *testing.T) {
	t.Parallel()
	for name, text := range map[string]string{
		"one-line.json": mysqlStream,
		"lines.json":    strings.Replace(mysqlStream, "}}{", "}}\n  {", 1),
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			putFile(t, filepath.Join(dir, name), text)
			meshlint(t, dir, "", "lint", name).expect(t, exitOK, "in 2 objects", "")
			meshlint(t, dir, "", "fix", name).expect(t, exitFindings, `"app":"mysql", "sidecar.istio.io/inject": "false"}}`, "MM02 StatefulSet/db/mysql")
			meshlint(t, dir, "", "fix", "--write", name).expect(t, exitOK, "", "1 file rewritten")
			got, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			if want := strings.Replace(text, `"app":"mysql"}},"spec"`, `"app":"mysql", "sidecar.istio.io/inject": "false"}},"spec"`, 1); string(got) != want {
				t.Errorf("written:\n%s", got)
			}
			meshlint(t, dir, "", "fix", name).expect(t, exitOK, "", "nothing to change")
		})
	}
}
