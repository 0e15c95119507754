// Command gen writes a benchmark corpus: copies of the field report's
// stack, one namespace each, some broken in each rule's way.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/meshlint/meshlint/internal/corpus"
)

func main() {
	n := flag.Int("objects", 10000, "about how many objects")
	dir := flag.String("dir", "corpus", "directory to write")
	flag.Parse()
	if err := write(*dir, corpus.Files(*n)); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func write(dir string, files map[string]string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			return err
		}
	}
	return nil
}
