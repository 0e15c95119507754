package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/urfave/cli/v2"
)

// Exit codes: the contract for scripts, pre-commit and CI.
const (
	exitOK       = 0 // nothing at or above --fail-on
	exitFindings = 1 // findings at or above --fail-on
	exitUsage    = 2 // usage or input error
)

// run executes the CLI and returns the process exit code. Exiting is left
// to main so that tests can call run and the deferred work of commands runs.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	app := newApp(stdin, stdout, stderr)
	return exitCode(app.Run(completionArgs(app, args)), stderr)
}

func newApp(stdin io.Reader, stdout, stderr io.Writer) *cli.App {
	app := &cli.App{
		Name:  "meshlint",
		Usage: "find what breaks traffic in Istio + nginx ingress manifests, before it ships",
		Description: "Exit status: 0 nothing at or above --fail-on, 1 findings at or above it,\n" +
			"2 usage or input error.",
		Reader:                    stdin,
		Writer:                    stdout,
		ErrWriter:                 stderr,
		Version:                   versionInfo().String(), // --version; the version command says the same
		DisableSliceFlagSeparator: true,                   // --policy takes paths, which may hold commas
		ExitErrHandler:            func(*cli.Context, error) {},
		OnUsageError:              usageError,
		EnableBashCompletion:      true, // meshlint completion: the scripts ask --generate-bash-completion
		Action:                    noCommand,
		Commands:                  []*cli.Command{lintCommand(), fixCommand(), reportCommand(), graphCommand(), diffCommand(), rulesCommand(), explainCommand(), factsCommand(), regoTestCommand(), versionCommand(), completionCommand(), helmChildCmd()},
	}
	for _, c := range app.Commands {
		c.OnUsageError = usageError
	}
	return app
}

// usageError turns flag parsing errors into exit 2; urfave/cli would
// otherwise print the help and exit 1, which scripts read as "findings".
func usageError(c *cli.Context, err error, _ bool) error {
	return usagef("%v (see %s --help)", err, c.Command.HelpName)
}

func usagef(format string, args ...any) error {
	return cli.Exit(fmt.Sprintf(format, args...), exitUsage)
}

func noCommand(c *cli.Context) error {
	if c.Args().Present() {
		return usagef("unknown command %q (meshlint help lists them)", c.Args().First())
	}
	_ = cli.ShowAppHelp(c)
	return cli.Exit("", exitUsage)
}

// exitCode prints err and maps it to an exit code. Only the lint command
// returns 1; any other code urfave/cli picks (3 for an unknown help topic)
// is a usage error.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	if msg := err.Error(); msg != "" {
		fmt.Fprintln(stderr, "meshlint:", msg)
	}
	var ec cli.ExitCoder
	if errors.As(err, &ec) && (ec.ExitCode() == exitOK || ec.ExitCode() == exitFindings) {
		return ec.ExitCode()
	}
	return exitUsage
}
