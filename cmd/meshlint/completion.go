package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"
)

// completionFlag is the hidden flag urfave/cli answers with the commands
// or flags that may follow the words before it (help.go
// checkShellCompleteFlag): the bash, zsh and PowerShell scripts call it.
const completionFlag = "--generate-bash-completion"

// completionShells maps each shell to the script that loads completion.
var completionShells = map[string]func(app *cli.App) (string, error){
	"bash":       fixedScript(bashCompletion),
	"zsh":        fixedScript(zshCompletion),
	"powershell": fixedScript(powershellCompletion),
	"fish":       func(app *cli.App) (string, error) { return app.ToFishCompletion() },
}

func fixedScript(s string) func(*cli.App) (string, error) {
	return func(*cli.App) (string, error) { return s, nil }
}

func completionCommand() *cli.Command {
	return &cli.Command{
		Name:      "completion",
		Usage:     "print the shell completion script for bash, zsh, fish or powershell",
		ArgsUsage: "bash|zsh|fish|powershell",
		Description: "Load it in the running shell or install it where the shell looks:\n" +
			"  bash:       source <(meshlint completion bash)     (~/.bashrc)\n" +
			"  zsh:        source <(meshlint completion zsh)      (~/.zshrc, after compinit)\n" +
			"  fish:       meshlint completion fish > ~/.config/fish/completions/meshlint.fish\n" +
			"  powershell: meshlint completion powershell | Out-String | Invoke-Expression   ($PROFILE)",
		Action: completionAction,
	}
}

func completionAction(c *cli.Context) error {
	shells := make([]string, 0, len(completionShells))
	for s := range completionShells {
		shells = append(shells, s)
	}
	slices.Sort(shells)
	if c.NArg() != 1 || completionShells[c.Args().First()] == nil {
		return usagef("completion takes one shell: %s", strings.Join(shells, ", "))
	}
	script, err := completionShells[c.Args().First()](c.App)
	if err != nil {
		return cli.Exit(fmt.Sprintf("completion: %v", err), exitUsage)
	}
	_, err = fmt.Fprint(c.App.Writer, script)
	return err
}

// completionArgs leaves a completion request as the shell sent it:
// flagsFirst would move the trailing completion flag in front of the
// paths, and urfave/cli answers only when it comes last.
func completionArgs(app *cli.App, args []string) []string {
	if len(args) == 0 || args[len(args)-1] != completionFlag {
		return flagsFirst(app, args)
	}
	for _, c := range app.Commands {
		if len(c.Subcommands) == 0 {
			c.BashComplete = completeFlags(c, args)
		}
	}
	return args
}

// completeFlags answers for a command that takes paths: its flags when
// the word being completed starts with "-", else nothing, so the shell
// completes file names. urfave/cli's default would offer the help
// subcommand it adds to every command (command.go setup).
func completeFlags(cmd *cli.Command, args []string) cli.BashCompleteFunc {
	return func(c *cli.Context) {
		word := args[len(args)-2]
		if !strings.HasPrefix(word, "-") {
			return
		}
		for _, f := range cmd.Flags {
			for _, n := range f.Names() {
				if flag := dashes(n) + n; strings.HasPrefix(flag, word) {
					fmt.Fprintln(c.App.Writer, flag)
				}
			}
		}
	}
}

func dashes(name string) string {
	if len(name) == 1 {
		return "-"
	}
	return "--"
}
