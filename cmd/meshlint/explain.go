package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/meshlint/meshlint/internal/catalog"
)

func explainCommand() *cli.Command {
	return &cli.Command{
		Name:      "explain",
		Usage:     "explain one rule or mutation: what breaks, why, how to fix",
		ArgsUsage: "ID",
		Action:    explain,
	}
}

func explain(c *cli.Context) error {
	if c.NArg() != 1 {
		return usagef("explain takes one rule ID, such as ML201 (meshlint rules lists them)")
	}
	r, ok := lookup(c.Args().First())
	if !ok {
		return usagef("unknown rule %q (meshlint rules lists them)", c.Args().First())
	}
	_, err := fmt.Fprint(c.App.Writer, catalog.Markdown(r))
	return err
}

// lookup accepts an ID in any case, or a rule's name.
func lookup(arg string) (catalog.Rule, bool) {
	if r, ok := catalog.Lookup(strings.ToUpper(arg)); ok {
		return r, true
	}
	all := catalog.All()
	i := slices.IndexFunc(all, func(r catalog.Rule) bool { return r.Name == arg })
	if i < 0 {
		return catalog.Rule{}, false
	}
	return all[i], true
}
