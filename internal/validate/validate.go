// Package validate turns objects into findings: it builds the mesh model,
// evaluates the rules and applies configuration and suppressions.
package validate

import (
	"context"

	"github.com/meshlint/meshlint/internal/catalog"
	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/finding"
	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mesh"
	"github.com/meshlint/meshlint/internal/policy"
)

// Validator evaluates the rules; safe for concurrent use once built.
type Validator struct {
	cfg      *config.Config
	settings mesh.Settings
	ready    chan struct{} // closed once engine, or err, is set
	engine   *policy.Engine
	err      error
}

// Result is what one evaluation found.
type Result struct {
	Findings   []finding.Finding
	Suppressed int // findings not reported: of rules turned off, ignored or annotated
	// Waived are the suppressed findings of rules that are on: what a
	// config ignore or an ignore annotation waived, with which.
	Waived   []finding.Suppressed
	Problems []error // input problems found while modelling, with file and line
	Model    *mesh.Model
	Rules    []string // IDs of the catalogue rules that ran (not off in the config)
}

// New prepares the rules (embedded and those in policyDirs) once.
func New(cfg *config.Config, policyDirs []string) (*Validator, error) {
	v := Start(cfg, policyDirs)
	if err := v.Ready(); err != nil {
		return nil, err
	}
	return v, nil
}

// Start is New compiling the rules in the background (about 50 ms of one
// core): a lint waits for them only once its model is built, so the
// compilation runs beside loading and modelling. Ready tells how it went.
func Start(cfg *config.Config, policyDirs []string) *Validator {
	if cfg == nil {
		cfg = config.Default()
	}
	v := &Validator{cfg: cfg, settings: Settings(cfg), ready: make(chan struct{})}
	go func() {
		defer close(v.ready)
		v.engine, v.err = policy.New(context.Background(), policyDirs)
	}()
	return v
}

// Ready waits for the rules and returns the error of their compilation.
func (v *Validator) Ready() error {
	<-v.ready
	return v.err
}

// Settings maps the config onto the model's settings.
func Settings(cfg *config.Config) mesh.Settings {
	s := mesh.Settings{RootNamespace: cfg.RootNamespace, ClusterDomain: cfg.ClusterDomain,
		AutoMTLS: cfg.AutoMTLS, RegistryOnly: cfg.OutboundTrafficPolicy == config.RegistryOnly,
		ServerFirstImages: cfg.ServerFirstImages, ServerFirstPorts: cfg.ServerFirstPorts,
		AssumeInjected: cfg.AssumeInjectedNamespaces,
		Istio: mesh.IstioSettings{Version: cfg.Istio.Version, TrustDomain: cfg.Istio.TrustDomain,
			TrustDomainAliases: cfg.Istio.TrustDomainAliases, Env: cfg.Istio.Env}}
	for _, ic := range cfg.IngressClasses {
		s.IngressClasses = append(s.IngressClasses, mesh.IngressClassSetting{Name: ic.Name, Controller: ic.Controller, Meshed: ic.Meshed})
	}
	for _, gc := range cfg.GatewayClasses {
		s.GatewayClasses = append(s.GatewayClasses, mesh.GatewayClassSetting{Name: gc.Name, Controller: gc.Controller,
			Meshed: gc.Meshed, Namespace: gc.Namespace})
	}
	return s
}

// Engine is the prepared policy engine (tests tune its sharding).
func (v *Validator) Engine() *policy.Engine {
	<-v.ready
	return v.engine
}

// Lint returns the findings for objs, sorted and deduplicated, after
// severities, modes, ignores and suppression annotations are applied.
func (v *Validator) Lint(objs []*manifest.Object) (*Result, error) {
	return v.LintContext(context.Background(), objs)
}

// LintContext is Lint with a context for the policy evaluation.
func (v *Validator) LintContext(ctx context.Context, objs []*manifest.Object) (*Result, error) {
	return v.LintMemo(ctx, objs, nil)
}

// LintMemo is LintContext with the rules evaluated through memo (nil:
// none): only the fact items it does not know are evaluated
// (policy.Memo). With user rules it is not used.
func (v *Validator) LintMemo(ctx context.Context, objs []*manifest.Object, memo *policy.Memo) (*Result, error) {
	return v.lint(ctx, objs, lintOpts{memo: memo})
}

// LintCached is LintMemo with the model built through cache (nil: none):
// what the objects made in earlier builds is taken from it
// (mesh.BuildCached).
func (v *Validator) LintCached(ctx context.Context, objs []*manifest.Object, memo *policy.Memo, cache *mesh.Cache) (*Result, error) {
	return v.lint(ctx, objs, lintOpts{memo: memo, cache: cache})
}

// LintReleasing is LintContext for a caller that reads nothing of objs
// afterwards but what manifest.Object.ReleaseMetadata keeps (names,
// first lines, meshlint.io/ annotations): once the model is built, the
// bodies are released, metadata and field positions included, so the
// rules run beside the model and not beside every decoded manifest too
// (a third of the peak memory of a large lint). The model in the result
// holds what it was built from; its facts read neither the bodies, nor
// their metadata, nor their positions
// (TestReleasingTheBodiesChangesNoVerdict fails any such read). p, when
// not nil, prepared objs as they were loaded (mesh.Preparer), and the
// model takes what it constructed.
func (v *Validator) LintReleasing(ctx context.Context, objs []*manifest.Object, p *mesh.Preparer) (*Result, error) {
	opts := lintOpts{release: true}
	if p != nil {
		opts.cache = p.Cache()
	}
	return v.lint(ctx, objs, opts)
}

// lintOpts: the memo the rules are evaluated through, the cache the model
// is built through, and whether the bodies are released once modelled.
type lintOpts struct {
	memo    *policy.Memo
	cache   *mesh.Cache
	release bool
}

func (v *Validator) lint(ctx context.Context, objs []*manifest.Object, opt lintOpts) (*Result, error) {
	m, err := mesh.BuildWith(ctx, objs, v.settings, mesh.BuildOptions{Cache: opt.cache, Release: opt.release})
	if err != nil {
		return nil, err
	}
	if opt.release {
		for _, o := range objs {
			o.ReleaseMetadata()
			o.ReleasePositions()
		}
	}
	if err := v.Ready(); err != nil {
		return nil, err
	}
	raws, err := v.engine.EvalSectionsMemo(ctx, sections(m), opt.memo)
	if err != nil {
		return nil, err
	}
	res := &Result{Model: m, Rules: v.rules()}
	idx := indexObjects(objs, raws)
	for _, r := range raws {
		f, ok, waiver := v.toFinding(r, idx)
		switch {
		case waiver != nil:
			res.Waived = append(res.Waived, *waiver)
			fallthrough
		case !ok:
			res.Suppressed++
		default:
			res.Findings = append(res.Findings, f)
		}
	}
	res.Findings = finding.Sort(res.Findings)
	res.Waived = finding.SortSuppressed(res.Waived)
	for _, p := range m.Problems {
		res.Problems = append(res.Problems, &manifest.Error{File: p.Object.File, Line: p.Line, Msg: p.Msg})
	}
	return res, nil
}

// rules lists the catalogue rules the config leaves on. User rules are
// not listed: the formats learn their IDs from the findings.
func (v *Validator) rules() []string {
	var ids []string
	for _, r := range catalog.Rules() {
		if _, on := v.cfg.Severity(r.ID, r.Severity); on {
			ids = append(ids, r.ID)
		}
	}
	return ids
}

// indexObjects maps the objects the raw findings are on (kind,
// namespace, name) to the first of objs by that name: the objects of a
// large state far outnumber its findings, so only theirs are indexed.
func indexObjects(objs []*manifest.Object, raws []policy.Raw) map[objKey]*manifest.Object {
	idx := make(map[objKey]*manifest.Object, len(raws))
	for _, r := range raws {
		idx[objKey{r.Object.Kind, r.Object.Namespace, r.Object.Name}] = nil
	}
	for _, o := range objs {
		k := objKey{o.Kind, mesh.NamespaceOf(o), o.Name}
		if found, wanted := idx[k]; wanted && found == nil {
			idx[k] = o
		}
	}
	return idx
}

// objKey names an object as a finding does.
type objKey struct{ kind, namespace, name string }

func sections(m *mesh.Model) []policy.Section {
	ms := m.Sections()
	out := make([]policy.Section, len(ms))
	for i, s := range ms {
		out[i] = policy.Section{Name: s.Name, Len: s.Len, Build: s.Build}
	}
	return out
}
