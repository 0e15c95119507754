package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/meshlint/meshlint/internal/catalog"
	"github.com/meshlint/meshlint/internal/policy"
)

func explainCommand() *cli.Command {
	return &cli.Command{
		Name:      "explain",
		Usage:     "explain one rule or mutation: what breaks, why, how to fix",
		ArgsUsage: "ID",
		Flags:     []cli.Flag{policyFlag()},
		Action:    explain,
	}
}

func explain(c *cli.Context) error {
	if c.NArg() != 1 {
		return usagef("explain takes one rule ID, such as ML201 (meshlint rules lists them)")
	}
	if r, ok := lookup(c.Args().First()); ok {
		_, err := fmt.Fprint(c.App.Writer, catalog.Markdown(r))
		return err
	}
	user, err := userRules(c)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(user, func(r policy.UserRule) bool {
		return strings.EqualFold(r.ID, c.Args().First()) || r.Name == c.Args().First()
	})
	if i < 0 {
		return usagef("unknown rule %q (meshlint rules lists them; yours with --policy DIR)", c.Args().First())
	}
	_, err = fmt.Fprint(c.App.Writer, userMarkdown(user[i]))
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
