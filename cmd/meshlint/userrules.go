package main

import (
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/meshlint/meshlint/internal/policy"
)

// policyFlag is lint's --policy, for the commands that list rules.
func policyFlag() cli.Flag {
	return &cli.StringSliceFlag{Name: "policy", Usage: "directory of extra Rego policies (repeatable): their rules are listed from their METADATA (custom.id)"}
}

// userRules reads the rules the --policy directories declare, checked as
// lint checks them (policy.User).
func userRules(c *cli.Context) ([]policy.UserRule, error) {
	dirs := c.StringSlice("policy")
	if len(dirs) == 0 {
		return nil, nil
	}
	_, rules, err := policy.User(dirs)
	if err != nil {
		return nil, cli.Exit(fmt.Sprintf("load policies: %v", err), exitUsage)
	}
	return rules, nil
}

// userSeverity is what a user rule's findings get unless they say
// otherwise: its METADATA's, else warning (internal/validate's default
// for rules outside the catalogue).
func userSeverity(r policy.UserRule) string {
	if r.Severity == "" {
		return "warning"
	}
	return r.Severity
}

// userMarkdown is explain's page for a user rule: what its METADATA says,
// and where it is defined.
func userMarkdown(r policy.UserRule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s %s\n\n", r.ID, r.Name)
	if r.Summary != "" {
		fmt.Fprintf(&b, "%s\n\n", r.Summary)
	}
	fmt.Fprintf(&b, "- **Severity:** %s (a finding may set its own)\n- **Defined in:** %s (package %s), a --policy rule\n\n",
		userSeverity(r), r.File, r.Package)
	if r.Remediation != "" {
		fmt.Fprintf(&b, "## How to fix\n\n%s\n", strings.TrimRight(r.Remediation, "\n"))
	}
	return b.String()
}
