// Command gen writes the figures of bench.txt (what make bench writes)
// into the README, between its bench markers.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/meshlint/meshlint/internal/benchreport"
)

func main() {
	in := flag.String("in", "bench.txt", "make bench's output")
	readme := flag.String("readme", "README.md", "the file to write the figures into")
	flag.Parse()
	if err := run(*in, *readme); err != nil {
		fmt.Fprintln(os.Stderr, "benchreport:", err)
		os.Exit(1)
	}
}

func run(in, readme string) error {
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	r, err := benchreport.Parse(f)
	if err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	doc, err := os.ReadFile(readme)
	if err != nil {
		return err
	}
	out, err := benchreport.Splice(string(doc), r.Markdown())
	if err != nil {
		return fmt.Errorf("%s: %w", readme, err)
	}
	return os.WriteFile(readme, []byte(out), 0o644)
}
