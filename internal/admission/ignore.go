package admission

import (
	"slices"
	"strings"

	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/finding"
	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/validate"
)

// The meshlint.io/ignore annotation at admission. Anyone who may write an
// object may write its annotations, so the webhook honours the annotation
// only as the config's webhook section allows (config.AdmissionIgnores:
// off by default, or for the rules listed), and every use it honours is
// recorded in the verdict (Verdict.Ignored) for the audit annotation, the
// metric and the log. The validator itself never applies the annotation
// here (rulesConfig): the engine decides, rule by rule, on the new
// findings only.

// rulesConfig is the config the engine's validator runs with: the same,
// but with the annotation left to the engine.
func rulesConfig(cfg *config.Config) *config.Config {
	c := *cfg
	c.AllowIgnoreAnnotation = false
	return &c
}

// states are the scope's objects before and after the change.
type states struct {
	before, after []*manifest.Object
	keys          [2]uint64 // the states' keys in the cache of states (cache.go; zero: not cached)
	seen          bool      // both came from that cache (verdicts.go)
}

// unwaived drops from the findings of the state before those that an
// honoured annotation on their own object waives, as the validator does
// in the CLI: removing the annotation from a violating object is then a
// change that brings the finding.
func (e *Engine) unwaived(before []*manifest.Object, fs []finding.Finding) []finding.Finding {
	if !e.cfg.AdmissionIgnoresAny() {
		return fs
	}
	w := &waiver{cfg: e.cfg, others: before}
	out := make([]finding.Finding, 0, len(fs))
	for i := range fs {
		if !w.waives(&fs[i]) {
			out = append(out, fs[i])
		}
	}
	return out
}

// waiver decides which new findings an honoured annotation suppresses:
// the annotation of the object under review covers the findings its
// change brings anywhere (Host $host in a ConfigMap shows up as ML401 on
// the AuthorizationPolicy it defeats), another object's covers its own.
type waiver struct {
	cfg    *config.Config
	review map[string]bool    // rules the object under review names ("*": every rule)
	others []*manifest.Object // the state after the change, looked up lazily
	index  map[string]*manifest.Object
	used   []string
}

func (e *Engine) newWaiver(c *change, after []*manifest.Object) *waiver {
	w := &waiver{cfg: e.cfg, others: after}
	if e.cfg.AdmissionIgnoresAny() {
		w.review = annotationRules(c.current())
	}
	return w
}

// waives reports whether f is suppressed, and records the rule if so.
func (w *waiver) waives(f *finding.Finding) bool {
	if !w.cfg.AdmissionIgnores(f.Rule) {
		return false
	}
	ok := w.review[f.Rule] || w.review["*"]
	if !ok {
		names := annotationRules(w.object(f.Object))
		ok = names[f.Rule] || names["*"]
	}
	return ok
}

// use records that an annotation waived a finding of rule that the
// change brought (Verdict.Ignored). A finding the state before had
// already, waived there by its own object's annotation, is not one: it
// is new to the comparison only because the waived findings are taken
// out of the state before (unwaived).
func (w *waiver) use(rule string) {
	if !slices.Contains(w.used, rule) {
		w.used = append(w.used, rule)
	}
}

// object finds the finding's object in the state after the change.
func (w *waiver) object(r manifest.Ref) *manifest.Object {
	if w.index == nil {
		w.index = make(map[string]*manifest.Object, len(w.others))
		for _, o := range w.others {
			w.index[o.Kind+"/"+o.Namespace+"/"+o.Name] = o
		}
	}
	return w.index[r.Kind+"/"+r.Namespace+"/"+r.Name]
}

// ignored is the sorted list of rules whose annotation was honoured.
func (w *waiver) ignored() []string {
	slices.Sort(w.used)
	return w.used
}

// annotationRules lists the rules the object's meshlint.io/ignore
// annotation names.
func annotationRules(o *manifest.Object) map[string]bool {
	out := map[string]bool{}
	if o == nil {
		return out
	}
	for _, id := range strings.Split(o.Annotations()[validate.IgnoreAnnotation], ",") {
		if id = strings.TrimSpace(id); id != "" {
			out[id] = true
		}
	}
	return out
}
