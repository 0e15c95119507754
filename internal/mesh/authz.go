package mesh

import (
	"strconv"
	"strings"

	"github.com/meshlint/meshlint/internal/manifest"
)

// AuthzPolicy is an AuthorizationPolicy reduced to what plaintext callers
// meet.
type AuthzPolicy struct {
	Obj       *manifest.Object
	Ref       manifest.Ref
	Namespace string
	Selector  map[string]string // nil: namespace-wide (mesh-wide in the root namespace)
	Action    string            // ALLOW (default) | DENY | AUDIT | CUSTOM
	Provider  string            // provider.name of a CUSTOM policy
	Rules     []AuthzRule
	TargetRef bool           // targetRef/targetRefs: applies to waypoints/gateways, not sidecars
	DryRun    bool           // istio.io/dry-run: logged, not enforced (authz_ztunnel.go)
	Targets   []policyTarget // its targetRefs (authz_targets.go)

	actionLine, providerLine int // of spec.action and spec.provider.name (read as built: body.go)
}

// AuthzRule is one rule: whether a request without a peer identity can
// match it, and on which ports.
type AuthzRule struct {
	NeedsIdentity bool  // every source needs a principal or namespace
	Uncertain     bool  // matching depends on the request (paths, ipBlocks...)
	Ports         []int // to.operation.ports; empty = any
	// DeniesPlaintext: as a DENY rule, it certainly matches a request
	// without a peer identity, through a not* identity matcher.
	DeniesPlaintext bool
	// HTTP lists the rule's HTTP attributes, which ztunnel cannot match
	// (authz_ztunnel.go).
	HTTP []string
	raw  map[string]any // the rule as written, for identity matching (authz_identity.go)
	line int            // of the rule (read as built: body.go)
}

// identityKeys are the source fields that only an mTLS peer identity
// fills. Istio: pilot/pkg/security/authz/model/generator.go
// (srcPrincipalGenerator, srcNamespaceGenerator, srcServiceAccountGenerator
// build "authenticated" matchers, false on a plaintext connection). Their
// not-forms are negations of those matchers and so match plaintext
// (Istio's own TestAuthz_DenyPlaintext denies plaintext with
// notPrincipals: ["*"]).
var identityKeys = []string{"principals", "namespaces", "serviceAccounts"}

// identityConditions are `when` keys backed by the peer identity.
var identityConditions = map[string]bool{"source.principal": true, "source.namespace": true}

func newAuthzPolicy(o *manifest.Object, ns string) *AuthzPolicy {
	spec := mapAt(body(o), "spec")
	ap := &AuthzPolicy{Obj: o, Ref: o.Ref(), Namespace: ns, Action: orDefault(strAt(spec, "action"), "ALLOW"),
		Selector: stringMap(mapAt(spec, "selector", "matchLabels")), Provider: strAt(spec, "provider", "name"),
		TargetRef: spec["targetRef"] != nil || spec["targetRefs"] != nil,
		DryRun:    dryRun(stringMap(mapAt(body(o), "metadata", "annotations")))}
	ap.Ref.Namespace = ns
	ap.Targets = policyTargets(o, spec)
	for i, r := range listAt(spec, "rules") {
		rm, _ := r.(map[string]any)
		rule := newAuthzRule(rm)
		rule.line = o.FieldLine("spec", "rules", strconv.Itoa(i))
		ap.Rules = append(ap.Rules, rule)
	}
	ap.actionLine, ap.providerLine = o.FieldLine("spec", "action"), o.FieldLine("spec", "provider", "name")
	return ap
}

func newAuthzRule(r map[string]any) AuthzRule {
	out := AuthzRule{}
	from := listAt(r, "from")
	out.NeedsIdentity = len(from) > 0
	for _, f := range from {
		src := mapAt(asMap(f), "source")
		if !sourceNeedsIdentity(src) {
			out.NeedsIdentity = false
			out.Uncertain = out.Uncertain || len(src) > 0
		}
	}
	for _, t := range listAt(r, "to") {
		op := mapAt(asMap(t), "operation")
		for k := range op {
			if k != "ports" {
				out.Uncertain = true
			}
		}
		for _, p := range stringList(listAt(op, "ports")) {
			if n, err := strconv.Atoi(p); err == nil {
				out.Ports = append(out.Ports, n)
			} else {
				out.Uncertain = true
			}
		}
	}
	for _, c := range listAt(r, "when") {
		cm := asMap(c)
		if identityConditions[strAt(cm, "key")] && len(listAt(cm, "values")) > 0 {
			out.NeedsIdentity = true
		} else {
			out.Uncertain = true
		}
	}
	out.DeniesPlaintext = deniesPlaintext(r)
	out.HTTP = httpAttributes(r)
	out.raw = r
	return out
}

func sourceNeedsIdentity(src map[string]any) bool {
	for _, k := range identityKeys {
		if len(listAt(src, k)) > 0 {
			return true
		}
	}
	return false
}

// admitsPlaintext tells whether a request without peer identity on
// container port can match the rule: yes, no, or maybe (uncertain).
func (r AuthzRule) admitsPlaintext(port int) (yes, maybe bool) {
	if r.NeedsIdentity {
		return false, false
	}
	if len(r.Ports) > 0 && !containsInt(r.Ports, port) {
		return false, false
	}
	if r.Uncertain {
		return false, true
	}
	return true, false
}

func containsInt(l []int, n int) bool {
	for _, x := range l {
		if x == n {
			return true
		}
	}
	return false
}

// allowPolicies lists the ALLOW policies that apply to a workload.
func (m *Model) allowPolicies(w *Workload) []*AuthzPolicy { return m.policiesFor(w, "ALLOW") }

// PlaintextDenial reports the ALLOW policies that deny a request without a
// peer identity to container port on w, and whether the denial is certain.
// With any ALLOW policy, a request matching none of their rules is denied.
// Only policies with a rule that an identity would satisfy are returned:
// an ALLOW policy without rules denies every caller, which is another
// matter than identity.
func (m *Model) PlaintextDenial(w *Workload, port int) []*AuthzPolicy {
	var out []*AuthzPolicy
	for _, ap := range m.allowPolicies(w) {
		for _, r := range ap.Rules {
			if w.Dataplane == DataplaneAmbient && len(r.HTTP) > 0 {
				continue // ztunnel: an ALLOW rule with an HTTP attribute never matches (authz_ztunnel.go)
			}
			if yes, maybe := r.admitsPlaintext(port); yes || maybe {
				return nil
			}
		}
		if ap.needsIdentity(port) {
			out = append(out, ap)
		}
	}
	return out
}

func (ap *AuthzPolicy) needsIdentity(port int) bool {
	for _, r := range ap.Rules {
		if r.NeedsIdentity && (len(r.Ports) == 0 || containsInt(r.Ports, port)) {
			return true
		}
	}
	return false
}

// DenyReason says in words what the policies demand.
func DenyReason(aps []*AuthzPolicy) string {
	return "ALLOW policies " + refNames(aps) + " admit only callers with a peer identity"
}

func refNames(aps []*AuthzPolicy) string {
	names := make([]string, len(aps))
	for i, ap := range aps {
		names[i] = ap.Ref.String()
	}
	return strings.Join(names, ", ")
}

// PolicySelection says what an AuthorizationPolicy, read as the model
// reads it (as stored: one the API server refuses applies to nothing),
// applies to when that is only the workloads its selector selects:
// scoped is false for a policy with a targetRef (waypoints, gateways) or
// without selector labels, which reach further; sel is nil when it
// applies to nothing. A root-namespace policy applies to the workloads
// it selects in every namespace (policiesFor, ztunnelWorkloads);
// admission scopes its change by them (admission/scope_meshwide.go).
func PolicySelection(o *manifest.Object) (sel map[string]string, scoped bool) {
	if o.Kind != "AuthorizationPolicy" || !isIstioGroup(o.APIVersion) {
		return nil, false
	}
	stored := storedAs(o, o.Kind)
	if stored == nil {
		return nil, true
	}
	ap := newAuthzPolicy(stored, NamespaceOf(o))
	return ap.Selector, !ap.TargetRef && ap.Selector != nil
}
