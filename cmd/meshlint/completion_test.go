package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/meshlint/meshlint/internal/parts"
)

// shellWithMeshlint runs script in the named shell with the test binary
// first on PATH, as an installed meshlint is. The shell must be there
// (apt-get install -y zsh fish): a missing shell fails the test.
func shellWithMeshlint(t *testing.T, shell string, args ...string) string {
	t.Helper()
	path := parts.Command(t, shell, "apt-get install -y "+shell)
	cmd := exec.Command(path, args...)
	cmd.Env = append(os.Environ(), "PATH="+filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"), "HOME="+t.TempDir())
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %q: %v\n%s", shell, args, err, out)
	}
	return string(out)
}

// complete asks the bash completion function for the words of line, the
// last word being the one completed, and returns its answers.
func bashComplete(t *testing.T, line string) []string {
	t.Helper()
	script := `source <(meshlint completion bash) || exit 3
complete -p meshlint
COMP_LINE='` + line + `'
COMP_POINT=${#COMP_LINE}
read -ra COMP_WORDS <<< "$COMP_LINE"
[[ "$COMP_LINE" == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
_meshlint_bash_autocomplete
printf 'reply:%s\n' "${COMPREPLY[@]}"`
	out := shellWithMeshlint(t, "bash", "--norc", "--noprofile", "-c", script)
	if !strings.Contains(out, "complete -o bashdefault -o default -F _meshlint_bash_autocomplete meshlint") {
		t.Fatalf("complete -p meshlint does not show the completion function:\n%s", out)
	}
	var replies []string
	for _, l := range strings.Split(out, "\n") {
		if r, ok := strings.CutPrefix(l, "reply:"); ok && r != "" {
			replies = append(replies, r)
		}
	}
	return replies
}

func TestBashCompletionCompletesCommandsAndFlags(t *testing.T) {
	cases := []struct {
		sentence, line string
		want           []string
	}{
		{"a command's first letters complete to the command", "meshlint li", []string{"lint"}},
		{"a flag's first letters complete to the flag", "meshlint lint --fail", []string{"--fail-on"}},
		{"a path word gets no words from meshlint, so the shell completes files", "meshlint lint manif", nil},
		{"after -- meshlint is not asked (it would run the command)", "meshlint diff a b -- dep", nil},
	}
	for _, c := range cases {
		t.Run(c.sentence, func(t *testing.T) {
			got := bashComplete(t, c.line)
			if strings.Join(got, " ") != strings.Join(c.want, " ") {
				t.Errorf("completing %q: got %q, want %q", c.line, got, c.want)
			}
		})
	}
}

func TestZshAndFishCompletionScriptsParse(t *testing.T) {
	dir := t.TempDir()
	for _, shell := range []string{"zsh", "fish"} {
		r := meshlint(t, "", "", "completion", shell)
		if r.code != 0 || !strings.Contains(r.stdout, "meshlint") {
			t.Fatalf("meshlint completion %s: exit %d\n%s%s", shell, r.code, r.stdout, r.stderr)
		}
		file := filepath.Join(dir, "meshlint."+shell)
		if err := os.WriteFile(file, []byte(r.stdout), 0o644); err != nil {
			t.Fatal(err)
		}
		flag := map[string]string{"zsh": "-n", "fish": "--no-execute"}[shell]
		shellWithMeshlint(t, shell, flag, file)
	}
}

// zsh loads its script after compinit: compdef must register the function.
func TestZshCompletionRegistersWithCompinit(t *testing.T) {
	out := shellWithMeshlint(t, "zsh", "-f", "-c", `autoload -Uz compinit && compinit -u && source <(meshlint completion zsh) && print -r -- ${_comps[meshlint]}`)
	if strings.TrimSpace(out) != "_meshlint_zsh_autocomplete" {
		t.Errorf("zsh registered %q for meshlint, want _meshlint_zsh_autocomplete", out)
	}
}

// fish loads its script and lists the commands for `meshlint li`.
func TestFishCompletionCompletesCommands(t *testing.T) {
	out := shellWithMeshlint(t, "fish", "--no-config", "-c", `meshlint completion fish | source; complete -C 'meshlint li'`)
	if !strings.HasPrefix(strings.TrimSpace(out), "lint\t") {
		t.Errorf("fish completes `meshlint li` to %q, want lint first", out)
	}
}

func TestCompletionWantsOneKnownShell(t *testing.T) {
	for _, args := range [][]string{{"completion"}, {"completion", "tcsh"}, {"completion", "bash", "zsh"}} {
		if r := meshlint(t, "", "", args...); r.code != exitUsage || !strings.Contains(r.stderr, "bash, fish, powershell, zsh") {
			t.Errorf("meshlint %q: exit %d, stderr %q; want 2 naming the shells", args, r.code, r.stderr)
		}
	}
	r := meshlint(t, "", "", "completion", "powershell")
	if r.code != 0 || !strings.Contains(r.stdout, "Register-ArgumentCompleter -Native -CommandName meshlint") {
		t.Errorf("meshlint completion powershell: exit %d\n%s", r.code, r.stdout)
	}
}
