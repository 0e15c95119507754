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
	Rules     []AuthzRule
	TargetRef bool // targetRef/targetRefs: applies to waypoints/gateways, not sidecars
}

// AuthzRule is one rule: whether a request without a peer identity can
// match it, and on which ports.
type AuthzRule struct {
	NeedsIdentity bool  // every source needs a principal or namespace
	Uncertain     bool  // matching depends on the request (paths, ipBlocks...)
	Ports         []int // to.operation.ports; empty = any
}

// identityKeys are the fields that only an mTLS peer identity fills.
// Istio: pilot/pkg/security/authz/model/model.go (principals, namespaces
// and their not-forms need source.principal, which plaintext lacks).
var identityKeys = []string{"principals", "notPrincipals", "namespaces", "notNamespaces"}

var identityConditions = map[string]bool{
	"source.principal": true, "source.namespace": true, "connection.sni": true,
	"request.auth.principal": false,
}

func newAuthzPolicy(o *manifest.Object, ns string) *AuthzPolicy {
	spec := mapAt(o.Body, "spec")
	ap := &AuthzPolicy{Obj: o, Ref: o.Ref(), Namespace: ns, Action: orDefault(strAt(spec, "action"), "ALLOW"),
		Selector:  stringMap(mapAt(spec, "selector", "matchLabels")),
		TargetRef: spec["targetRef"] != nil || spec["targetRefs"] != nil}
	ap.Ref.Namespace = ns
	for _, r := range listAt(spec, "rules") {
		rm, _ := r.(map[string]any)
		ap.Rules = append(ap.Rules, newAuthzRule(rm))
	}
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
		key := strAt(asMap(c), "key")
		if identityConditions[key] {
			out.NeedsIdentity = true
		} else {
			out.Uncertain = true
		}
	}
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
// Istio: pilot/pkg/model/authorization.go ListAuthorizationPolicies (root
// namespace = mesh-wide, own namespace, selector matching the workload).
func (m *Model) allowPolicies(w *Workload) []*AuthzPolicy {
	var out []*AuthzPolicy
	add := func(ns string) {
		for _, ap := range m.apByNS[ns] {
			if ap.Action != "ALLOW" || ap.TargetRef {
				continue
			}
			if ap.Selector == nil || selectsAll(ap.Selector, w.Labels) {
				out = append(out, ap)
			}
		}
	}
	add(m.Settings.RootNamespace)
	if w.Namespace != m.Settings.RootNamespace {
		add(w.Namespace)
	}
	return out
}

// PlaintextDenial reports the ALLOW policies that deny a request without a
// peer identity to container port on w, and whether the denial is certain.
// With any ALLOW policy, a request matching none of their rules is denied.
func (m *Model) PlaintextDenial(w *Workload, port int) []*AuthzPolicy {
	aps := m.allowPolicies(w)
	if len(aps) == 0 {
		return nil
	}
	for _, ap := range aps {
		for _, r := range ap.Rules {
			if yes, maybe := r.admitsPlaintext(port); yes || maybe {
				return nil
			}
		}
	}
	return aps
}

// DenyReason says in words what the policies demand.
func DenyReason(aps []*AuthzPolicy) string {
	names := make([]string, len(aps))
	for i, ap := range aps {
		names[i] = ap.Ref.String()
	}
	return "ALLOW policies " + strings.Join(names, ", ") + " admit only callers with a peer identity"
}
