package action

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// expression matches ${{ ... }}; reference a context property path inside
// one (inputs.paths, steps.install.outputs.bin, github.action_path).
var (
	expression = regexp.MustCompile(`\$\{\{\s*(.*?)\s*\}\}`)
	reference  = regexp.MustCompile(`\b([a-z]+)((?:\.[A-Za-z0-9_-]+)+)`)
)

// The contexts a composite action's steps and outputs can read, and the
// fewer an input's default can (actions/runner action_yaml.json:
// string-steps-context, step-env, output-value, input-default-context).
var (
	compositeContexts = []string{"github", "inputs", "steps", "runner", "env", "job", "strategy", "matrix"}
	defaultContexts   = []string{"github", "strategy", "matrix", "job", "runner"}
)

// fields lists every string of the metadata that GitHub evaluates
// expressions in, named for error messages.
func fields(m metadata) map[string]string {
	f := map[string]string{}
	for i, s := range m.Runs.Steps {
		where := fmt.Sprintf("step %d (%s)", i, s.ID)
		f[where+" run"], f[where+" if"], f[where+" working-directory"] = s.Run, s.If, s.WorkingDirectory
		for k, v := range s.Env {
			f[where+" env "+k] = v
		}
		for k, v := range s.With {
			f[where+" with "+k] = v
		}
	}
	for k, o := range m.Outputs {
		f["output "+k] = o.Value
	}
	for k, in := range m.Inputs {
		f["input "+k+" default"] = in.Default
	}
	return f
}

// checkExpressions: every input an expression names exists, every step
// output names a step that runs before (or, for the action's outputs, any
// step), and only contexts a composite action has are read.
func checkExpressions(m metadata) []string {
	var p []string
	for where, text := range fields(m) {
		for _, e := range expression.FindAllStringSubmatch(text, -1) {
			for _, r := range reference.FindAllStringSubmatch(e[1], -1) {
				if msg := checkReference(m, where, r[1], strings.Split(r[2][1:], ".")); msg != "" {
					p = append(p, msg)
				}
			}
		}
	}
	return p
}

func checkReference(m metadata, where, context string, path []string) string {
	switch {
	case !slices.Contains(compositeContexts, context):
		return fmt.Sprintf("%s reads %s, not a context of a composite action", where, context)
	case strings.HasPrefix(where, "input ") && !slices.Contains(defaultContexts, context):
		return fmt.Sprintf("%s reads %s, which an input's default cannot", where, context)
	case context == "inputs":
		if _, ok := m.Inputs[path[0]]; !ok {
			return fmt.Sprintf("%s reads inputs.%s, which action.yml does not declare", where, path[0])
		}
	case context == "steps":
		if i := stepIndex(m, path[0]); i < 0 || (strings.HasPrefix(where, "step ") && !ranBefore(where, i)) {
			return fmt.Sprintf("%s reads steps.%s, not a step that runs before it", where, path[0])
		}
	}
	return ""
}

func stepIndex(m metadata, id string) int {
	return slices.IndexFunc(m.Runs.Steps, func(s step) bool { return s.ID == id })
}

func ranBefore(where string, i int) bool {
	var n int
	fmt.Sscanf(where, "step %d", &n)
	return i < n
}
