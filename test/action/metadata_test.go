// Package action tests the GitHub Action at the repository root
// (action.yml) without GitHub: its metadata against the rules of GitHub's
// action metadata syntax, and its composite steps run by a harness that
// does what the runner does for them (runner_test.go), on real manifests,
// with a source build, a release archive of the release tool served from
// a file:// URL, real git for diff-base, and the examples of docs/ci.md.
package action

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// root is this repository: the action's directory (GITHUB_ACTION_PATH).
var root, _ = filepath.Abs("../..")

// metadata is action.yml as GitHub reads it.
type metadata struct {
	Name        string
	Description string
	Author      string
	Inputs      map[string]input
	Outputs     map[string]output
	Runs        struct {
		Using string
		Steps []step
	}
}

type input struct {
	Description string
	Required    bool
	Default     string
}

type output struct {
	Description string
	Value       string
}

type step struct {
	ID               string
	Name             string
	If               string
	Run              string
	Shell            string
	Uses             string
	WorkingDirectory string `yaml:"working-directory"`
	Env              map[string]string
	With             map[string]string
}

func readMetadata(t *testing.T) (metadata, map[string]any) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var m metadata
	var raw map[string]any
	if err := yaml.Unmarshal(data, &m); err != nil {
		t.Fatalf("action.yml: %v", err)
	}
	if err := yaml.Unmarshal(data, &raw); err != nil {
		t.Fatalf("action.yml: %v", err)
	}
	return m, raw
}

// The keys GitHub's metadata syntax allows for a composite action
// ("Metadata syntax for GitHub Actions"; the runner's schema,
// actions/runner src/Runner.Worker/action_yaml.json: composite-runs,
// run-step, uses-step, output-definition; later runners added if and
// continue-on-error to steps).
var allowedKeys = map[string][]string{
	"":         {"name", "author", "description", "inputs", "outputs", "runs", "branding"},
	"input":    {"description", "required", "default", "deprecationMessage"},
	"output":   {"description", "value"},
	"runs":     {"using", "steps"},
	"step":     {"id", "name", "if", "run", "shell", "uses", "with", "env", "working-directory", "continue-on-error"},
	"branding": {"icon", "color"},
}

var (
	idPattern    = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)
	brandColours = []string{"white", "black", "yellow", "blue", "green", "orange", "red", "purple", "gray-dark"}
	shells       = []string{"bash", "sh", "pwsh", "powershell", "python", "cmd"}
)

func unknownKeys(kind string, m any) []string {
	var bad []string
	mm, _ := m.(map[string]any)
	for k := range mm {
		if !slices.Contains(allowedKeys[kind], k) {
			bad = append(bad, fmt.Sprintf("%s key %q", kind, k))
		}
	}
	return bad
}

func TestMetadataFollowsTheActionSyntax(t *testing.T) {
	m, raw := readMetadata(t)
	problems := unknownKeys("", raw)
	problems = append(problems, unknownKeys("runs", raw["runs"])...)
	problems = append(problems, unknownKeys("branding", raw["branding"])...)
	if b, ok := raw["branding"].(map[string]any); ok && !slices.Contains(brandColours, fmt.Sprint(b["color"])) {
		problems = append(problems, fmt.Sprintf("branding color %v is not one GitHub knows", b["color"]))
	}
	for name, in := range raw["inputs"].(map[string]any) {
		problems = append(problems, unknownKeys("input", in)...)
		problems = append(problems, checkID("input", name)...)
		if m.Inputs[name].Description == "" {
			problems = append(problems, "input "+name+" has no description")
		}
	}
	for name, out := range raw["outputs"].(map[string]any) {
		problems = append(problems, unknownKeys("output", out)...)
		problems = append(problems, checkID("output", name)...)
		if o := m.Outputs[name]; o.Value == "" || o.Description == "" {
			problems = append(problems, "a composite action's output "+name+" needs a value and a description")
		}
	}
	for _, s := range raw["runs"].(map[string]any)["steps"].([]any) {
		problems = append(problems, unknownKeys("step", s)...)
	}
	problems = append(problems, checkTop(m)...)
	problems = append(problems, checkSteps(m)...)
	problems = append(problems, checkExpressions(m)...)
	for _, p := range problems {
		t.Error(p)
	}
}

func checkID(kind, id string) []string {
	if !idPattern.MatchString(id) {
		return []string{fmt.Sprintf("%s id %q is not a valid identifier", kind, id)}
	}
	return nil
}

func checkTop(m metadata) []string {
	var p []string
	if m.Name == "" || m.Description == "" {
		p = append(p, "name and description are required")
	}
	if m.Runs.Using != "composite" || len(m.Runs.Steps) == 0 {
		p = append(p, fmt.Sprintf("runs.using is %q with %d steps, want composite with steps", m.Runs.Using, len(m.Runs.Steps)))
	}
	return p
}

// checkSteps: each step runs a command (with its shell, required in a
// composite action) or uses an action, not both; ids are unique.
func checkSteps(m metadata) []string {
	var p []string
	ids := map[string]bool{}
	for i, s := range m.Runs.Steps {
		switch {
		case (s.Run == "") == (s.Uses == ""):
			p = append(p, fmt.Sprintf("step %d needs exactly one of run and uses", i))
		case s.Run != "" && !slices.Contains(shells, s.Shell) && !strings.Contains(s.Shell, "{0}"):
			p = append(p, fmt.Sprintf("step %d runs a command without a shell GitHub knows (%q)", i, s.Shell))
		}
		if s.ID != "" {
			p = append(p, checkID("step", s.ID)...)
			if ids[s.ID] {
				p = append(p, "step id "+s.ID+" is used twice")
			}
			ids[s.ID] = true
		}
	}
	return p
}
