package action

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// runner runs the composite steps of action.yml as the GitHub runner does
// (actions/runner src/Runner.Worker: Handlers/CompositeActionHandler.cs,
// Handlers/ScriptHandlerHelpers.cs, FileCommandManager.cs): expressions
// replaced by their values before the step starts, `shell: bash` as `bash
// --noprofile --norc -e -o pipefail FILE`, a fresh GITHUB_OUTPUT file per step read back into
// steps.<id>.outputs, GITHUB_PATH entries put in front of PATH for the
// steps after, and the first failing step ending the action (its steps
// have no `if`). A composite action's steps get no INPUT_ variables: they
// see inputs only through expressions, as here.
type runner struct {
	workspace string
	os, arch  string // RUNNER_OS, RUNNER_ARCH
	actionRef string // github.action_ref, empty for a local action (uses: ./)
	github    map[string]string
}

// run is what one use of the action did.
type run struct {
	log     string            // standard output and error of every step
	failed  string            // id of the step that failed, empty when none did
	exit    int               // its exit status
	outputs map[string]string // the action's outputs
	steps   map[string]map[string]string
	summary string   // the job summary the steps wrote
	path    []string // what the steps added to PATH (GITHUB_PATH), for the job's later steps
}

func newRunner(workspace string) *runner {
	return &runner{workspace: workspace, os: runnerOS(), arch: runnerArch()}
}

// runnerOS and runnerArch are RUNNER_OS and RUNNER_ARCH of a runner like
// this machine.
func runnerOS() string {
	return map[string]string{"linux": "Linux", "darwin": "macOS", "windows": "Windows"}[runtime.GOOS]
}

func runnerArch() string {
	return map[string]string{"amd64": "X64", "arm64": "ARM64", "386": "X86", "arm": "ARM"}[runtime.GOARCH]
}

func (r *runner) use(t *testing.T, with map[string]string) run {
	t.Helper()
	m, _ := readMetadata(t)
	inputs := r.inputs(t, m, with)
	temp := t.TempDir()
	res := run{steps: map[string]map[string]string{}}
	var paths []string
	var log, summary strings.Builder
	for i, s := range m.Runs.Steps {
		if s.Uses != "" || s.If != "" || s.Shell != "bash" {
			t.Fatalf("step %d: the harness runs only bash steps without if", i)
		}
		ctx := r.context(inputs, res.steps, temp)
		out, code, outputs, sum := r.step(t, s, ctx, temp, paths)
		log.WriteString(out)
		summary.WriteString(sum)
		res.steps[s.ID] = outputs
		if p := outputs["\x00path"]; p != "" {
			paths = append(strings.Split(p, "\n"), paths...)
		}
		if code != 0 {
			res.failed, res.exit = s.ID, code
			break
		}
	}
	res.log, res.summary, res.path = log.String(), summary.String(), paths
	res.outputs = map[string]string{}
	for name, o := range m.Outputs {
		res.outputs[name] = r.expand(t, o.Value, r.context(inputs, res.steps, temp))
	}
	return res
}

// inputs are the values of the with: map, defaults where absent. An
// input action.yml does not declare is a mistake in the test (the runner
// warns "Unexpected input(s)").
func (r *runner) inputs(t *testing.T, m metadata, with map[string]string) map[string]string {
	t.Helper()
	in := map[string]string{}
	for name, decl := range m.Inputs {
		in[name] = decl.Default
	}
	for name, v := range with {
		if _, ok := m.Inputs[name]; !ok {
			t.Fatalf("with: %s is not an input of action.yml", name)
		}
		in[name] = v
	}
	return in
}

// context maps each property path an expression may read to its value.
func (r *runner) context(inputs map[string]string, steps map[string]map[string]string, temp string) map[string]string {
	c := map[string]string{
		"github.action_path": root,
		"github.action_ref":  r.actionRef,
		"github.workspace":   r.workspace,
		"runner.os":          r.os,
		"runner.arch":        r.arch,
		"runner.temp":        temp,
	}
	for k, v := range r.github {
		c["github."+k] = v
	}
	for k, v := range inputs {
		c["inputs."+k] = v
	}
	for id, outs := range steps {
		for k, v := range outs {
			c["steps."+id+".outputs."+k] = v
		}
	}
	return c
}

// expand replaces each ${{ path }} by its value. A step output not set is
// the empty string, as on GitHub; anything else unknown to the harness,
// or an expression that is more than a property path, fails the test.
func (r *runner) expand(t *testing.T, s string, ctx map[string]string) string {
	t.Helper()
	return expression.ReplaceAllStringFunc(s, func(e string) string {
		path := expression.FindStringSubmatch(e)[1]
		if v, ok := ctx[path]; ok {
			return v
		}
		if strings.HasPrefix(path, "steps.") && reference.FindString(path) == path {
			return ""
		}
		t.Fatalf("the harness cannot evaluate %s", e)
		return ""
	})
}

func (r *runner) step(t *testing.T, s step, ctx map[string]string, temp string, paths []string) (string, int, map[string]string, string) {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{}
	for _, f := range []string{"GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY", "GITHUB_PATH", "GITHUB_ENV"} {
		files[f] = filepath.Join(dir, f)
		if err := os.WriteFile(files[f], nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	script := filepath.Join(dir, "step.sh")
	if err := os.WriteFile(script, []byte(r.expand(t, s.Run, ctx)), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("bash", "--noprofile", "--norc", "-e", "-o", "pipefail", script)
	cmd.Dir = r.workspace
	cmd.Env = r.env(t, s, ctx, temp, files, paths)
	out, err := cmd.CombinedOutput()
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("step %s: %v", s.ID, err)
		}
		code = ee.ExitCode()
	}
	outputs := readOutputs(t, files["GITHUB_OUTPUT"])
	if p := strings.TrimSpace(readFile(t, files["GITHUB_PATH"])); p != "" {
		outputs["\x00path"] = p
	}
	return string(out), code, outputs, readFile(t, files["GITHUB_STEP_SUMMARY"])
}

// env is the runner's environment for a step: this process's, without
// any GITHUB_ or RUNNER_ variable of its own, the runner's variables, and
// the step's env: with expressions expanded.
func (r *runner) env(t *testing.T, s step, ctx map[string]string, temp string, files map[string]string, paths []string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GITHUB_") && !strings.HasPrefix(kv, "RUNNER_") && !strings.HasPrefix(kv, "PATH=") {
			env = append(env, kv)
		}
	}
	env = append(env,
		"PATH="+strings.Join(append(paths, os.Getenv("PATH")), string(os.PathListSeparator)),
		"GITHUB_ACTIONS=true", "CI=true",
		"GITHUB_WORKSPACE="+r.workspace, "GITHUB_ACTION_PATH="+root, "GITHUB_ACTION_REF="+r.actionRef,
		"RUNNER_OS="+r.os, "RUNNER_ARCH="+r.arch, "RUNNER_TEMP="+temp)
	for k, f := range files {
		env = append(env, k+"="+f)
	}
	for k, v := range s.Env {
		env = append(env, k+"="+r.expand(t, v, ctx))
	}
	return env
}

// readOutputs reads a GITHUB_OUTPUT file: name=value lines and
// name<<DELIMITER blocks (FileCommandManager, SetOutputFileCommand).
func readOutputs(t *testing.T, file string) map[string]string {
	t.Helper()
	out := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(readFile(t, file)))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if name, delim, ok := strings.Cut(line, "<<"); ok && !strings.Contains(name, "=") {
			var lines []string
			for sc.Scan() && sc.Text() != delim {
				lines = append(lines, sc.Text())
			}
			out[name] = strings.Join(lines, "\n")
		} else if name, value, ok := strings.Cut(line, "="); ok {
			out[name] = value
		} else if line != "" {
			t.Fatalf("GITHUB_OUTPUT line %q is neither name=value nor name<<DELIMITER", line)
		}
	}
	return out
}

func readFile(t *testing.T, file string) string {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func (r run) String() string {
	return fmt.Sprintf("failed step %q (exit %d), outputs %v\nlog:\n%s", r.failed, r.exit, r.outputs, r.log)
}
