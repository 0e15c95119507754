package mesh

import (
	"slices"
	"strconv"
	"strings"
)

// Authorization of a connection with a known peer identity, as ztunnel
// enforces it (pilot/pkg/serviceregistry/ambient/authorization.go
// handleRule: a rule's from sources OR'd, each source's fields AND'ed; to
// operations on ports; when conditions on source.principal,
// source.namespace, destination.port; an ALLOW rule with an HTTP
// attribute never matches). Istio's string matching (stringToMatch):
// "*" is presence, "*x" a suffix, "x*" a prefix, else exact.

// peer is a connection's identity and destination port, and how the
// enforcer matches trust domains (bundle: nil for ztunnel,
// authz_trustdomain.go).
type peer struct {
	principal, namespace string
	port                 int
	bundle               []string
}

// match is a three-valued result: no, yes or maybe (depends on what the
// inputs do not hold, such as source IPs).
type match int

const (
	matchNo match = iota
	matchYes
	matchMaybe
)

// IdentityDenial reports the policies that refuse p on w in ztunnel: the
// DENY ones with a rule that certainly matches it, else the ALLOW ones
// when none of their rules can match it. action is DENY or ALLOW.
func (m *Model) IdentityDenial(w *Workload, p peer) (aps []*AuthzPolicy, action string) {
	for _, ap := range m.policiesFor(w, "DENY") {
		for _, r := range ap.Rules {
			if ruleMatches(r.raw, ap.Namespace, p) == matchYes {
				aps = append(aps, ap)
				break
			}
		}
	}
	if len(aps) > 0 {
		return aps, "DENY"
	}
	allows := m.policiesFor(w, "ALLOW")
	for _, ap := range allows {
		for _, r := range ap.Rules {
			if len(r.HTTP) == 0 && ruleMatches(r.raw, ap.Namespace, p) != matchNo {
				return nil, ""
			}
		}
	}
	return allows, "ALLOW"
}

// ruleMatches evaluates a rule's L4 part (ztunnel judges a DENY rule on
// it alone; callers skip ALLOW rules with HTTP attributes, which never
// match). A condition on another attribute is a maybe.
func ruleMatches(r map[string]any, ruleNS string, p peer) match {
	res := matchYes
	if from := listAt(r, "from"); len(from) > 0 {
		res = and(res, anyOf(from, func(f any) match { return sourceMatches(mapAt(asMap(f), "source"), ruleNS, p) }))
	}
	if to := listAt(r, "to"); len(to) > 0 {
		res = and(res, anyOf(to, func(t any) match { return portMatches(mapAt(asMap(t), "operation"), p.port) }))
	}
	for _, c := range listAt(r, "when") {
		res = and(res, conditionMatches(asMap(c), p))
	}
	return res
}

func sourceMatches(src map[string]any, ruleNS string, p peer) match {
	res := matchYes
	for k, v := range src {
		l, _ := v.([]any)
		vals := stringList(l)
		switch k {
		case "principals":
			res = and(res, is(anyPattern(withAliases(vals, p.bundle), p.principal)))
		case "notPrincipals":
			res = and(res, is(!anyPattern(withAliases(vals, p.bundle), p.principal)))
		case "namespaces":
			res = and(res, is(anyPattern(vals, p.namespace)))
		case "notNamespaces":
			res = and(res, is(!anyPattern(vals, p.namespace)))
		case "serviceAccounts":
			res = and(res, is(anyServiceAccount(vals, ruleNS, p.principal)))
		case "notServiceAccounts":
			res = and(res, is(!anyServiceAccount(vals, ruleNS, p.principal)))
		case "ipBlocks", "notIpBlocks":
			res = and(res, matchMaybe)
		}
	}
	return res
}

func portMatches(op map[string]any, port int) match {
	res := matchYes
	if ports := stringList(listAt(op, "ports")); len(ports) > 0 {
		res = and(res, is(slices.Contains(ports, strconv.Itoa(port))))
	}
	if not := stringList(listAt(op, "notPorts")); len(not) > 0 {
		res = and(res, is(!slices.Contains(not, strconv.Itoa(port))))
	}
	return res
}

func conditionMatches(c map[string]any, p peer) match {
	var v string
	switch strAt(c, "key") {
	case "source.principal":
		v = p.principal
		c = map[string]any{"values": toAny(withAliases(stringList(listAt(c, "values")), p.bundle)),
			"notValues": toAny(withAliases(stringList(listAt(c, "notValues")), p.bundle))}
	case "source.namespace":
		v = p.namespace
	case "destination.port":
		v = strconv.Itoa(p.port)
	default:
		return matchMaybe
	}
	res := matchYes
	if vals := stringList(listAt(c, "values")); len(vals) > 0 {
		res = and(res, is(anyPattern(vals, v)))
	}
	if not := stringList(listAt(c, "notValues")); len(not) > 0 {
		res = and(res, is(!anyPattern(not, v)))
	}
	return res
}

// anyServiceAccount: an entry is "ns/sa", or "sa" in the rule's namespace.
func anyServiceAccount(vals []string, ruleNS, principal string) bool {
	for _, v := range vals {
		if !strings.Contains(v, "/") {
			v = ruleNS + "/" + v
		}
		ns, sa, _ := strings.Cut(v, "/")
		if strings.HasSuffix(principal, "/ns/"+ns+"/sa/"+sa) {
			return true
		}
	}
	return false
}

func toAny(l []string) []any {
	out := make([]any, len(l))
	for i, s := range l {
		out[i] = s
	}
	return out
}

func anyPattern(patterns []string, v string) bool {
	for _, p := range patterns {
		switch {
		case p == "*":
			if v != "" {
				return true
			}
		case strings.HasPrefix(p, "*"):
			if strings.HasSuffix(v, p[1:]) {
				return true
			}
		case strings.HasSuffix(p, "*"):
			if strings.HasPrefix(v, p[:len(p)-1]) {
				return true
			}
		case p == v:
			return true
		}
	}
	return false
}

func anyOf(items []any, f func(any) match) match {
	res := matchNo
	for _, it := range items {
		switch f(it) {
		case matchYes:
			return matchYes
		case matchMaybe:
			res = matchMaybe
		}
	}
	return res
}

func and(a, b match) match {
	switch {
	case a == matchNo || b == matchNo:
		return matchNo
	case a == matchMaybe || b == matchMaybe:
		return matchMaybe
	}
	return matchYes
}

func is(b bool) match {
	if b {
		return matchYes
	}
	return matchNo
}
