package action

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// example is one use of the action in docs/ci.md and the steps of its job.
type example struct {
	block int // which yaml block of docs/ci.md
	uses  step
	job   []step
}

var yamlBlock = regexp.MustCompile("(?s)```yaml\n(.*?)```")

// docExamples reads every yaml block of docs/ci.md that uses the action:
// a workflow or one job of one (indented, as the second job of a
// workflow is shown).
func docExamples(t *testing.T) []example {
	t.Helper()
	doc := readFile(t, filepath.Join(root, "docs", "ci.md"))
	var out []example
	for i, b := range yamlBlock.FindAllStringSubmatch(doc, -1) {
		if !strings.Contains(b[1], "uses: meshlint/meshlint@") {
			continue
		}
		var wf struct {
			Jobs map[string]struct{ Steps []step }
		}
		var job map[string]struct{ Steps []step }
		if err := yaml.Unmarshal([]byte(b[1]), &wf); err != nil || wf.Jobs == nil {
			if err := yaml.Unmarshal([]byte(dedent(b[1])), &job); err != nil {
				t.Fatalf("docs/ci.md yaml block %d: %v", i, err)
			}
			wf.Jobs = job
		}
		for _, j := range wf.Jobs {
			for _, s := range j.Steps {
				if strings.HasPrefix(s.Uses, "meshlint/meshlint@") {
					out = append(out, example{i, s, j.Steps})
				}
			}
		}
	}
	if len(out) < 2 {
		t.Fatalf("docs/ci.md shows the action %d times, want the lint workflow and the diff job", len(out))
	}
	return out
}

func dedent(s string) string {
	lines := strings.Split(s, "\n")
	indent := len(lines[0]) - len(strings.TrimLeft(lines[0], " "))
	for i, l := range lines {
		if len(l) >= indent {
			lines[i] = l[indent:]
		}
	}
	return strings.Join(lines, "\n")
}

// The examples of docs/ci.md name only inputs and outputs the action
// has, and each runs: on a pull request that breaks the blog stack, the
// action fails, annotates the break, and leaves every file a later step
// of the example reads (the SARIF upload, the comment) where it looks.
func TestDocsExamplesRun(t *testing.T) {
	m, _ := readMetadata(t)
	for _, ex := range docExamples(t) {
		t.Run(fmt.Sprintf("yaml block %d, step %s", ex.block, ex.uses.ID), func(t *testing.T) {
			for k := range ex.uses.With {
				if _, ok := m.Inputs[k]; !ok {
					t.Errorf("with: %s is not an input of action.yml", k)
				}
			}
			checkOutputReferences(t, m, ex)
			if !t.Failed() {
				runExample(t, ex)
			}
		})
	}
}

// checkOutputReferences: steps.<the action's id>.outputs.X names an
// output of action.yml.
func checkOutputReferences(t *testing.T, m metadata, ex example) {
	ref := regexp.MustCompile(`steps\.` + regexp.QuoteMeta(ex.uses.ID) + `\.outputs\.([A-Za-z0-9_-]+)`)
	for _, s := range ex.job {
		for _, text := range append(values(s.With), s.If, s.Run) {
			for _, r := range ref.FindAllStringSubmatch(text, -1) {
				if _, ok := m.Outputs[r[1]]; !ok {
					t.Errorf("step %q reads output %s, which action.yml does not declare", s.Name, r[1])
				}
			}
		}
	}
}

func values(m map[string]string) []string {
	var v []string
	for _, x := range m {
		v = append(v, x)
	}
	return v
}

// runExample uses the action with the example's with: (expressions of the
// workflow evaluated for a pull request into main), from the ref the
// example names; a release it names is served from a local directory
// (the download-url input) instead of GitHub.
func runExample(t *testing.T, ex example) {
	ws, line := workspace(t, true)
	r := newRunner(ws)
	r.actionRef = ex.uses.Uses[strings.Index(ex.uses.Uses, "@")+1:]
	wf := map[string]string{"github.base_ref": "main", "github.event_name": "pull_request"}
	with := map[string]string{}
	for k, v := range ex.uses.With {
		with[k] = r.expand(t, v, wf)
	}
	if v := with["version"]; strings.HasPrefix(v, "v") {
		with["download-url"] = "file://" + release(t, v)
	}
	res := r.use(t, with)
	if res.failed != "run" || res.exit != 1 {
		t.Fatalf("want the action to fail on the break: %s", res)
	}
	if with["version"] != "" && with["version"] != "source" && res.outputs["installed"] != "release" {
		t.Errorf("version %s was not installed from its release: %s", with["version"], res)
	}
	if !strings.Contains(res.log, fmt.Sprintf("::error file=%s,line=%d,title=ML201 ", nginxConf, line)) {
		t.Errorf("no annotation of the break:\n%s", res.log)
	}
	checkLaterSteps(t, ex, res, ws)
	runLaterSteps(t, ex, res, ws)
}

// runLaterSteps runs the example's own run: steps after the action, with
// the PATH the action left (meshlint on it) and !cancelled() true, as the
// job would: each must succeed.
func runLaterSteps(t *testing.T, ex example, res run, ws string) {
	after := false
	r := newRunner(ws)
	for _, s := range ex.job {
		if s.ID == ex.uses.ID {
			after = true
			continue
		}
		if !after || s.Run == "" {
			continue
		}
		if s.If != "" && s.If != "${{ !cancelled() }}" {
			t.Fatalf("step %q: the test knows no value for if: %s", s.Name, s.If)
		}
		s.Shell = "bash"
		out, code, _, summary := r.step(t, s, map[string]string{}, t.TempDir(), res.path)
		if code != 0 {
			t.Errorf("step %q exits %d:\n%s", s.Name, code, out)
		}
		if strings.Contains(s.Run, "GITHUB_STEP_SUMMARY") && !strings.Contains(summary, "```mermaid") {
			t.Errorf("step %q wrote no Mermaid graph to the job summary:\n%s", s.Name, summary)
		}
	}
}

// checkLaterSteps: the files the example's later steps read, named by the
// action's outputs or literally, exist after the action ran.
func checkLaterSteps(t *testing.T, ex example, res run, ws string) {
	after := map[string]string{}
	for k, v := range res.outputs {
		after["steps."+ex.uses.ID+".outputs."+k] = v
	}
	r := newRunner(ws)
	for _, s := range ex.job {
		for _, key := range []string{"sarif_file", "path"} {
			if v, ok := s.With[key]; ok {
				file := r.expand(t, v, after)
				if _, err := os.Stat(filepath.Join(ws, file)); file == "" || err != nil {
					t.Errorf("step %q reads %s %q, which the action did not write", s.Name, key, file)
				}
			}
		}
	}
}
