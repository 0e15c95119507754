package admission

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mesh"
	"github.com/meshlint/meshlint/internal/policy"
	"github.com/meshlint/meshlint/internal/tree"
	"github.com/meshlint/meshlint/internal/validate"
)

// Engine answers admission requests. Build it once: New prepares the
// rules; Validate and Mutate are safe for concurrent use.
type Engine struct {
	cfg       *config.Config
	v         *validate.Validator
	settings  mesh.Settings
	ingressNS []string                  // namespaces the config names for ingress controllers, and gateway data planes' (mesh.GatewayPlaneNamespaces)
	states    *stateCache               // the findings of recently evaluated states (cache.go)
	verdicts  *verdictCache[verdictKey] // the verdicts of recent changes on cached states (verdicts.go)
	answers   *verdictCache[requestKey] // the verdicts of recent requests on the Store's version (verdicts.go)
	warmed    atomic.Uint64             // Warm calls so far
	memo      *policy.Memo              // the findings of every fact item evaluated so far (policy/memo.go)
	built     *mesh.Cache               // what the model's constructors made of the stored objects (mesh/cache.go)
	meshed    atomic.Pointer[[]string]  // the meshed namespaces of the last evaluation of the whole cluster (Warm; clients.go)
	budget    Budget                    // work one request may cause (budget.go)
	// exhaustive makes every request a full re-evaluation: every
	// namespace, nothing remembered from an earlier request. It is the
	// oracle the incremental path is tested against (incremental_test.go).
	exhaustive bool
}

// New prepares the engine from the config (nil: the defaults) and the
// user policy directories, as `meshlint lint --policy` takes them.
func New(cfg *config.Config, policyDirs []string) (*Engine, error) {
	if cfg == nil {
		cfg = config.Default()
	}
	v, err := validate.New(rulesConfig(cfg), policyDirs) // ignore.go: the annotation is the engine's to judge
	if err != nil {
		return nil, fmt.Errorf("prepare rules: %w", err)
	}
	e := &Engine{cfg: cfg, v: v, settings: validate.Settings(cfg), states: newStateCache(), verdicts: newVerdictCache[verdictKey](), answers: newVerdictCache[requestKey](),
		memo: policy.NewMemo(1 << 16), built: mesh.NewCache(1 << 18), budget: DefaultBudget}
	for _, ic := range cfg.IngressClasses {
		if ic.Namespace != "" {
			e.ingressNS = appendNew(e.ingressNS, ic.Namespace)
		}
	}
	e.ingressNS = appendNew(e.ingressNS, mesh.GatewayPlaneNamespaces(e.settings)...)
	return e, nil
}

// Validate answers a validating request: the findings of the cluster state
// with the change over those of the cluster state, on the change's scope.
// New errors deny (unless their rule is in warn mode); new warnings come
// back as admission warnings. Dry-run requests get the same answer. An
// error wraps ErrBadObject when the request's objects cannot be read,
// wraps ErrDeadline when ctx ended first, ErrOverBudget when the change's
// scope is over the Budget, and is otherwise the rules' evaluation failing.
func (e *Engine) Validate(ctx context.Context, snap Snapshot, req Request) (Verdict, error) {
	c, skip, err := decodeChange(req)
	if err != nil {
		return Verdict{}, err
	}
	if skip != "" {
		return Verdict{Allowed: true, Skipped: skip}, nil
	}
	if !e.exhaustive && inert(c) { // inert.go
		return Verdict{Allowed: true, Skipped: inertSkip + c.new.Kind + " changed, which decide nothing in the mesh"}, nil
	}
	c.sum()
	rk, reusable := e.requestKey(snap, c)
	if reusable {
		if v, ok := e.answers.get(rk); ok {
			return v, nil
		}
	}
	v, err := e.validate(ctx, snap, c)
	if err == nil && reusable && e.unchangedSince(snap, rk) {
		e.answers.put(rk, v)
	}
	return v, err
}

// validate evaluates a change the Store's version has not answered.
func (e *Engine) validate(ctx context.Context, snap Snapshot, c *change) (Verdict, error) {
	defer e.memoized().Hold()() // no cut of the memo's groups while the request runs (policy memo_cut.go)
	sc := e.scopeOf(snap, c)
	objs := snap.Objects(sc.namespaces)
	if skip := e.exempt(c, objs); skip != "" {
		return Verdict{Allowed: true, Skipped: skip}, nil
	}
	s, rb, ra, err := e.evaluate(ctx, c, objs, !sc.readsClients())
	if err == nil && clientsMissing(sc, ra) { // clients.go
		s, rb, ra, err = e.evaluate(ctx, c, snap.Objects(e.allNamespaces(snap, c.home)), true)
	}
	if err != nil {
		return Verdict{}, err
	}
	k, cacheable := s.key(c)
	if s.seen && cacheable {
		if v, ok := e.verdicts.get(k); ok {
			return v, nil
		}
	}
	v := e.verdict(c, s, rb, ra)
	if cacheable {
		e.verdicts.put(k, v)
	}
	return v, nil
}

// evaluate lints the scope's objects before and after the change, within
// the budget and the request's deadline. findingsOnly: the request reads
// no more of the state after than its findings and problems, so they may
// come from the cache of states (cache.go).
func (e *Engine) evaluate(ctx context.Context, c *change, objs []*manifest.Object, findingsOnly bool) (states, *validate.Result, *validate.Result, error) {
	if err := e.budget.check(objs); err != nil {
		return states{}, nil, nil, err
	}
	before, after := c.apply(objs)
	rb, ra, keys, seen, err := e.lintBoth(ctx, before, after, findingsOnly)
	if err := stopped(ctx); err != nil { // the API server gave up waiting: no verdict is better than a partial one
		return states{}, nil, nil, err
	}
	return states{before, after, keys, seen}, rb, ra, err
}

// exempt says why the change's namespace is not evaluated: it opted out,
// or it is being deleted (its objects go in no order a verdict could
// follow).
func (e *Engine) exempt(c *change, objs []*manifest.Object) string {
	ns := c.current()
	if ns.Kind != "Namespace" {
		ns = nil
		for _, o := range objs {
			if o.Kind == "Namespace" && o.Name == c.home {
				ns = o
			}
		}
	}
	switch {
	case ns == nil:
		return ""
	case e.cfg.OptedOut(ns.Labels()):
		return "namespace " + c.home + " opted out with the label " + e.cfg.Webhook.OptOutLabel
	case c.req.Operation == Delete && terminating(ns):
		return "namespace " + c.home + " is being deleted"
	}
	return ""
}

// apply returns the scope's objects before and after the change: the
// object under review replaced, added or removed by group, kind,
// namespace and name. A replaced object keeps its place in the list, so
// that where the model falls back on input order (configs without a
// creationTimestamp, mesh/drindex.go olderMeta) a change does not move
// it; an added one comes last, as the newest. before is the snapshot's
// list itself when the snapshot's copy of the object is the request's
// oldObject (same resourceVersion), or neither exists. Without an
// oldObject, the snapshot's copy stands for the state before.
func (c *change) apply(objs []*manifest.Object) (before, after []*manifest.Object) {
	at := slices.IndexFunc(objs, func(o *manifest.Object) bool { return sameKey(o, c.current()) })
	var stored *manifest.Object
	if at >= 0 {
		stored = objs[at]
	}
	old := c.old
	if old == nil && c.req.Operation != Create {
		old = stored
	}
	after = with(objs, at, c.new)
	if old == stored || old != nil && stored != nil && sameVersion(old, stored) {
		return objs, after
	}
	return with(objs, at, old), after
}

// with is a copy of objs with o at index at (o nil: without it; at -1:
// o added last).
func with(objs []*manifest.Object, at int, o *manifest.Object) []*manifest.Object {
	out := make([]*manifest.Object, 0, len(objs)+1)
	switch {
	case at < 0:
		out = append(out, objs...)
	case o == nil:
		out = append(append(out, objs[:at]...), objs[at+1:]...)
	default:
		out = append(append(append(out, objs[:at]...), o), objs[at+1:]...)
		return out
	}
	if o != nil {
		out = append(out, o)
	}
	return out
}

// sameVersion: both are the same version of one object in the cluster.
func sameVersion(a, b *manifest.Object) bool {
	rv := tree.String(a.Body, "metadata", "resourceVersion")
	return rv != "" && rv == tree.String(b.Body, "metadata", "resourceVersion")
}

// lintBoth evaluates both states at once (the two are independent),
// each from the cache of states when it was evaluated before (cache.go):
// the state before a change is usually the last evaluated, and the state
// after one comes again when the same change does (a server-side dry run
// and then the change, a client's retry). The state after is taken from
// the cache only when findingsOnly (its cached form has no model).
// keys are the states' keys in the cache (zero: not cached); seen, both
// came from it.
func (e *Engine) lintBoth(ctx context.Context, before, after []*manifest.Object, findingsOnly bool) (rb, ra *validate.Result, keys [2]uint64, seen bool, err error) {
	var hb, ha uint64
	if !e.exhaustive {
		rb, hb = e.states.get(before)
		if findingsOnly {
			ra, ha = e.states.get(after)
		}
	}
	seen = rb != nil && ra != nil
	var errB error
	var wg sync.WaitGroup
	if rb == nil {
		wg.Go(func() { rb, errB = e.lintState(ctx, before, hb) })
	}
	if ra == nil {
		ra, err = e.lintState(ctx, after, ha)
	}
	wg.Wait()
	if err == nil {
		err = errB
	}
	if err != nil {
		return nil, nil, [2]uint64{}, false, fmt.Errorf("evaluate rules: %w", err)
	}
	if hb != 0 && ha != 0 {
		keys = [2]uint64{hb, ha}
	}
	return rb, ra, keys, seen, nil
}

// lintState evaluates one state and caches its findings under h (0: not
// cached, as for the exhaustive oracle).
func (e *Engine) lintState(ctx context.Context, objs []*manifest.Object, h uint64) (*validate.Result, error) {
	res, err := e.v.LintCached(ctx, objs, e.memoized(), e.cached())
	if err == nil && h != 0 {
		e.states.put(h, objs, res)
	}
	return res, err
}

// cached is the cache the model is built through: none for the
// exhaustive oracle.
func (e *Engine) cached() *mesh.Cache {
	if e.exhaustive {
		return nil
	}
	return e.built
}

// memoized is the memo the rules are evaluated through: none for the
// exhaustive oracle.
func (e *Engine) memoized() *policy.Memo {
	if e.exhaustive {
		return nil
	}
	return e.memo
}
