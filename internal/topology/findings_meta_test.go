package topology

import (
	"path/filepath"
	"testing"

	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/finding"
	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mesh"
	"github.com/meshlint/meshlint/internal/rulesuite"
	"github.com/meshlint/meshlint/internal/validate"
)

// rulesFor maps a broken hop outcome to the rules that report it. A hop the
// report draws as broken must carry a finding of one of them: `meshlint
// report` showing a break that `meshlint lint` is silent about is a bug.
var rulesFor = map[string][]string{
	mesh.OutPassthrough: {"ML201", "ML203", "ML204", "ML205", "ML603"},
	mesh.OutMisrouted:   {"ML202"},
	mesh.OutRejected:    {"ML101", "ML102", "ML103", "ML104", "ML107", "ML108", "ML201", "ML203", "ML204", "ML205", "ML603"},
	mesh.OutDenied:      {"ML401", "ML404", "ML405"},
	mesh.OutHangs:       {"ML301"},
}

// metaInput is one set of inputs the meta-test lints, with its config.
type metaInput struct {
	name, path string
	cfg        *config.Config
}

func TestEveryBrokenHopHasAFinding(t *testing.T) {
	t.Chdir("../..")
	for _, in := range metaInputs(t) {
		t.Run(in.name, func(t *testing.T) { checkBrokenHops(t, in) })
	}
}

func checkBrokenHops(t *testing.T, in metaInput) {
	loaded := manifest.Load([]string{in.path}, manifest.Options{})
	if len(loaded.Errors) > 0 {
		return // input-error fixtures have no hops to speak of
	}
	v, err := validate.New(in.cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := v.Lint(loaded.Objects)
	if err != nil {
		t.Fatal(err)
	}
	on := map[string]bool{}
	for _, id := range res.Rules {
		on[id] = true
	}
	for _, h := range res.Model.Hops {
		ids, broken := rulesFor[h.Outcome]
		if !broken || !anyOn(on, ids) || excepted(h) {
			continue
		}
		if !reported(res.Findings, ids, hopRefs(h)) {
			t.Errorf("%s hop %s -> %s:%d (via %s line %d) is %s (%s) and no finding of %v names it",
				h.Kind, h.Source.Ref, h.Target.Ref, h.Port.Port, h.Via.File, h.ViaLine, h.Outcome, h.Why, ids)
		}
	}
}

// excepted are the broken outcomes no rule reports, each for a reason.
func excepted(h *mesh.Hop) bool {
	// PassthroughCluster to an endpoint without a sidecar under ALLOW_ANY
	// carries the same plaintext the Service's own cluster would: nothing
	// breaks, so ML201 stays quiet (testdata/rules/ML201/target-unmeshed.yaml).
	// Under REGISTRY_ONLY the hop is rejected and ML201 reports it.
	return h.Outcome == mesh.OutPassthrough && h.Server != nil && !h.Captured
}

func anyOn(on map[string]bool, ids []string) bool {
	for _, id := range ids {
		if on[id] {
			return true
		}
	}
	return false
}

// hopRefs are the objects a finding about the hop may be reported on or
// relate to: what declares it, its ends, and the policies that decide it.
func hopRefs(h *mesh.Hop) map[manifest.Ref]bool {
	refs := map[manifest.Ref]bool{h.Via.Ref(): true, h.Target.Ref: true, h.Source.Ref: true}
	if h.Server != nil {
		refs[h.Server.Ref] = true
	}
	if h.DestRule != nil {
		refs[h.DestRule.Ref] = true
	}
	if h.ServerMode.Policy != nil {
		refs[h.ServerMode.Policy.Ref] = true
	}
	for _, ap := range h.DeniedBy {
		refs[ap.Ref] = true
	}
	return refs
}

func reported(fs []finding.Finding, ids []string, refs map[manifest.Ref]bool) bool {
	for _, f := range fs {
		if !contains(ids, f.Rule) {
			continue
		}
		if refs[f.Object] {
			return true
		}
		for _, r := range f.Related {
			if refs[r] {
				return true
			}
		}
	}
	return false
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// metaInputs are every rule fixture with its case config, the field
// report's stacks and the base manifests.
func metaInputs(t *testing.T) []metaInput {
	out := []metaInput{{"manifests/blog-system", "manifests/blog-system", loadConfig(t, "manifests/blog-system/.meshlint.yaml")}}
	for _, dir := range []string{"testdata/field-report/before", "testdata/field-report/final",
		"testdata/field-report/host", "testdata/field-report/strict"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
		for _, f := range files {
			out = append(out, metaInput{f, f, config.Default()})
		}
	}
	suites, _ := filepath.Glob("testdata/rules/*/suite.yaml")
	for _, s := range suites {
		out = append(out, suiteInputs(t, s)...)
	}
	return out
}

func suiteInputs(t *testing.T, path string) []metaInput {
	s, err := rulesuite.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []metaInput
	for _, c := range s.Cases {
		f := filepath.Join(filepath.Dir(path), c.File)
		cfg, err := s.CaseConfig(c, t.TempDir())
		if err != nil {
			t.Fatalf("%s: case config: %v", path, err)
		}
		out = append(out, metaInput{f, f, cfg})
	}
	return out
}

func loadConfig(t *testing.T, path string) *config.Config {
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatalf("config %s: %v", path, err)
	}
	return cfg
}
