package mesh

import (
	"github.com/meshlint/meshlint/internal/fact"
	"github.com/meshlint/meshlint/internal/manifest"
)

// ztunnelPolicyFacts: the AuthorizationPolicies that reach ambient
// workloads' ztunnel and that it cannot enforce as written (an HTTP
// attribute in a rule, or an action it does not support), one fact each:
// ref, line, action, unsupported_action, action_line, workloads (the ambient ones it
// reaches), http_rules[_] (index, line, attributes) and all_rules_http.
func (m *Model) ztunnelPolicyFacts(lo, hi int) []any {
	var out []any
	for _, ap := range m.AuthzPolicies[lo:hi] {
		if ap.DryRun {
			continue
		}
		ws := m.ztunnelWorkloads(ap)
		rules, all := m.httpRuleFacts(ap)
		unsupported := ap.Action != "ALLOW" && ap.Action != "DENY"
		if len(ws) == 0 || (len(rules) == 0 && !unsupported) {
			continue
		}
		out = append(out, fact.Object{"ref", m.refFact(ap.Ref), "line", ap.Obj.Line, "action", ap.Action,
			"unsupported_action", unsupported, "action_line", ap.actionLine, "workloads", refList(m, ws, func(w *Workload) manifest.Ref { return w.Ref }),
			"http_rules", rules, "all_rules_http", all})
	}
	return out
}

func (m *Model) httpRuleFacts(ap *AuthzPolicy) ([]any, bool) {
	var out []any
	for i, r := range ap.Rules {
		if len(r.HTTP) == 0 {
			continue
		}
		attrs := make([]any, len(r.HTTP))
		for j, a := range r.HTTP {
			attrs[j] = a
		}
		out = append(out, fact.Object{"index", i, "attributes", attrs,
			"line", r.line})
	}
	return out, len(out) > 0 && len(out) == len(ap.Rules)
}
