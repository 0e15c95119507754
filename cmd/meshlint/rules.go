package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"text/tabwriter"

	"github.com/urfave/cli/v2"

	"github.com/meshlint/meshlint/internal/catalog"
)

func rulesCommand() *cli.Command {
	return &cli.Command{
		Name:  "rules",
		Usage: "list the rules and mutations",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "format", Value: "text", Usage: "text or markdown"},
			&cli.StringFlag{Name: "output-dir", Usage: "markdown: write <ID>.md for each entry and README.md as the index into this directory"},
			policyFlag(),
		},
		Action: rules,
	}
}

func rules(c *cli.Context) error {
	dir := c.String("output-dir")
	switch c.String("format") {
	case "text":
		if dir != "" {
			return usagef("--output-dir needs --format markdown")
		}
		return rulesTable(c)
	case "markdown":
		if len(c.StringSlice("policy")) > 0 {
			return usagef("--policy lists your rules in the text table (--format text); the markdown pages are the catalogue's")
		}
		if dir == "" {
			_, err := fmt.Fprint(c.App.Writer, catalog.IndexMarkdown())
			return err
		}
		return writeDocs(dir)
	}
	return usagef("--format: unknown format %q (want text or markdown)", c.String("format"))
}

func rulesTable(c *cli.Context) error {
	user, err := userRules(c)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(c.App.Writer, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSEVERITY\tNAME\tSUMMARY")
	for _, r := range catalog.Rules() {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.Severity, r.Name, r.Summary)
	}
	// The --policy rules after the built-in ones, as lint runs them.
	for _, r := range user {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, userSeverity(r), r.Name, r.Summary)
	}
	for _, r := range catalog.Mutations() {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, "mutation", r.Name, r.Summary)
	}
	return tw.Flush()
}

// writeDocs writes the generated pages in a stable order, so a failure
// midway is reproducible.
func writeDocs(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return cli.Exit(fmt.Sprintf("write docs: %v", err), exitUsage)
	}
	files := catalog.DocFiles()
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(files[name]), 0o644); err != nil {
			return cli.Exit(fmt.Sprintf("write docs: %v", err), exitUsage)
		}
	}
	return nil
}
