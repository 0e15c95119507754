package main

import (
	"github.com/open-policy-agent/opa/v1/tester"
	"github.com/urfave/cli/v2"

	"github.com/meshlint/meshlint/internal/policy"
)

func regoTestCommand() *cli.Command {
	return &cli.Command{
		Name: "test",
		Usage: "run the Rego tests (test_* rules) of your policy directories as opa test does, with meshlint's " +
			"built-in rules and helpers loaded: a test can evaluate your rules with input as the JSON of meshlint facts",
		ArgsUsage: "POLICY_DIR...",
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "verbose", Aliases: []string{"v"}, Usage: "list every test, with print output and the trace of failures"},
			&cli.StringFlag{Name: "run", Aliases: []string{"r"}, Usage: "run only the tests whose name matches this regular expression"},
		},
		Action: regoTest,
	}
}

// regoTest prints as opa test does (OPA's PrettyReporter: PASS/FAIL per
// test when verbose, the failures, then the counts) and exits as lint
// does: 1 when a test fails or errs, 2 when the policies do not load or
// no test ran.
func regoTest(c *cli.Context) error {
	if !c.Args().Present() {
		return usagef("test needs at least one POLICY_DIR")
	}
	ran, failed := 0, 0
	report := func(ch chan *tester.Result) error {
		dup := make(chan *tester.Result)
		go func() {
			defer close(dup)
			for r := range ch {
				ran++
				if !r.Pass() && !r.Skip {
					failed++
				}
				dup <- r
			}
		}()
		return tester.PrettyReporter{Output: c.App.Writer, Verbose: c.Bool("verbose")}.Report(dup)
	}
	opts := policy.TestOptions{Verbose: c.Bool("verbose"), Run: c.String("run")}
	if err := policy.Test(c.Context, c.Args().Slice(), opts, report); err != nil {
		return usagef("%v", err)
	}
	switch {
	case failed > 0:
		return cli.Exit("", exitFindings)
	case ran == 0:
		return usagef("no tests ran: a test is a rule named test_* in a _test.rego file")
	}
	return nil
}
