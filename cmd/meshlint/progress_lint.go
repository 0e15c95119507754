package main

import (
	"fmt"
	"strconv"

	"github.com/urfave/cli/v2"

	"github.com/meshlint/meshlint/internal/catalog"
	"github.com/meshlint/meshlint/internal/config"
)

// showProgress tells whether lint may draw a progress line: never with
// --quiet, and never when a machine format goes to standard output (a
// tool reads that run; the line is for a person watching text).
func showProgress(c *cli.Context, outs []sink) bool {
	if c.Bool("quiet") {
		return false
	}
	for _, s := range outs {
		if s.path == "" && s.format != "text" {
			return false
		}
	}
	return true
}

// listed is the cluster loader's progress hook (cluster.Options.Listed);
// nil when there is no progress line, so the loader calls nothing.
func (p *progress) listed() func(kind string, kinds, of, objects int) {
	if p == nil {
		return nil
	}
	return func(kind string, kinds, of, objects int) {
		p.update("reading the cluster: listed %s (%d of %d kinds), %s", kind, kinds, of, countOf(objects, "object"))
	}
}

// readingWhat names the inputs of a run for the progress line.
func readingWhat(c *cli.Context) string {
	n := c.Args().Len()
	if c.String("context") != "" {
		n++
	}
	if n == 1 {
		return c.Args().First()
	}
	return countOf(n, "input")
}

// rulesWord counts the catalogue's rules the config leaves on, and says
// when --policy adds more.
func rulesWord(c *cli.Context, cfg *config.Config) string {
	n := 0
	for _, r := range catalog.Rules() {
		if _, on := cfg.Severity(r.ID, r.Severity); on {
			n++
		}
	}
	w := countOf(n, "rule")
	if len(c.StringSlice("policy")) > 0 {
		w += " and those of --policy"
	}
	return w
}

// countOf writes n with thousands separators: 10,000 objects.
func countOf(n int, noun string) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if n != 1 {
		noun += "s"
	}
	return fmt.Sprintf("%s %s", s, noun)
}
