package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// fix --diff is a patch that the real git applies, from the repository's
// top and from a subdirectory, to names with spaces too; once applied,
// fix has nothing left to change and the files are what fix --write
// makes of them.
func TestFixDiffAppliesWithGitApply(t *testing.T) {
	t.Parallel()
	cases := []struct {
		sentence, cwd, arg string
	}{
		{"a directory, from the repository's top", "", "deploy"},
		{"a file, from a subdirectory", "deploy", "my stack.yaml"},
	}
	for _, tc := range cases {
		t.Run(tc.sentence, func(t *testing.T) {
			t.Parallel()
			repo, git := gitRepo(t)
			deploy := filepath.Join(repo, "deploy")
			if err := os.Mkdir(deploy, 0o755); err != nil {
				t.Fatal(err)
			}
			copyFixture(t, deploy, "my stack.yaml", hostStack, 0o644, mysqlMeshed...)
			git("add", ".")
			git("commit", "-qm", "stack")
			want, fixed := fixedCopy(t, deploy)

			cwd := filepath.Join(repo, tc.cwd)
			r := meshlint(t, cwd, "", "fix", "--diff", tc.arg)
			if r.code != exitFindings || r.stdout == "" {
				t.Fatalf("fix --diff: exit %d, no diff: %s", r.code, r.stderr)
			}
			patch := filepath.Join(t.TempDir(), "p")
			if err := os.WriteFile(patch, []byte(r.stdout), 0o644); err != nil {
				t.Fatal(err)
			}
			gitIn(t, cwd, "apply", "--check", patch)
			gitIn(t, cwd, "apply", patch)
			meshlint(t, cwd, "", "fix", "--diff", tc.arg).expect(t, exitOK, "", "meshlint fix: nothing to change")
			for name, text := range want {
				if got, _ := os.ReadFile(filepath.Join(deploy, name)); string(got) != text {
					t.Errorf("%s after git apply differs from fix --write's", name)
				}
			}
			if got, want := ruleFindings(t, cwd, fixedRules, tc.arg), ruleFindings(t, fixed, fixedRules, "."); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("after git apply the findings of what fix fixes are %v, after fix --write %v", got, want)
			}
		})
	}
}

// fixedCopy is what fix --write makes of the files of dir, in a copy
// (the texts, and the copy's directory).
func fixedCopy(t *testing.T, dir string) (map[string]string, string) {
	t.Helper()
	cp := t.TempDir()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		copyFixture(t, cp, e.Name(), filepath.Join(dir, e.Name()), 0o644)
	}
	meshlint(t, cp, "", "fix", "--write", ".").expect(t, exitOK, "", "")
	out := map[string]string{}
	for _, e := range entries {
		data, _ := os.ReadFile(filepath.Join(cp, e.Name()))
		out[e.Name()] = string(data)
	}
	return out, cp
}

func gitIn(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v in %s: %v\n%s", args, dir, err, out)
	}
}
