package admission

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/meshlint/meshlint/internal/catalog"
	"github.com/meshlint/meshlint/internal/finding"
	"github.com/meshlint/meshlint/internal/manifest"
)

// A denial as kubectl shows it: the API server writes `admission webhook
// "validate.meshlint.io" denied the request: ` before the message
// (k8s.io/apiserver pkg/admission/plugin/webhook/errors/statuserror.go
// ToStatusErr), kubectl the file and, on a patch, the object before that
// (k8s.io/kubectl pkg/cmd/apply/apply.go, AddSourceToErr). So each new
// error is one line, the rule's ID and what breaks, naming the object the
// finding is on only when it is another object and the message does not
// name it already; then its fix; then, once a rule's findings are
// listed, where to read more:
//
//	ML101: PeerAuthentication/blog-system/default makes port 80 ... STRICT, ... 502 Bad Gateway.
//	  Fix: Let the ingress hop in: set mtls.mode PERMISSIVE ...
//	  More: meshlint explain ML101, https://github.com/meshlint/meshlint/blob/main/docs/rules/ML101.md

// denyMessage lists every new error of a change to applied (its
// kind/namespace/name), within MaxMessageRunes: past them, a count per
// rule.
func denyMessage(applied manifest.Ref, errs []finding.Finding) string {
	errs = byRule(errs)
	var b strings.Builder
	runes := 0
	for i, f := range errs {
		block := errorBlock(applied, &f, i == len(errs)-1 || errs[i+1].Rule != f.Rule)
		n := utf8.RuneCountInString(block) + 1
		if runes+n > MaxMessageRunes-200 && i < len(errs)-1 {
			b.WriteString(moreErrors(errs[i:]))
			break
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(block)
		runes += n
	}
	return b.String()
}

// byRule orders errs by rule, stably: a rule's findings sit together
// under one pointer to its docs.
func byRule(errs []finding.Finding) []finding.Finding {
	out := append([]finding.Finding(nil), errs...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Rule < out[j].Rule })
	return out
}

// errorBlock is one error: its line, its fix, and, when last of its
// rule, where to read more.
func errorBlock(applied manifest.Ref, f *finding.Finding, last bool) string {
	s := clean(headline(applied, f, f.Message))
	if f.Remediation != "" {
		s += "\n  Fix: " + clean(f.Remediation)
	}
	if last {
		s += more(f.Rule)
	}
	return s
}

// headline is "ID: text", or "ID on Kind/ns/name: text" when the finding
// is on another object than the one applied and text does not name it.
func headline(applied manifest.Ref, f *finding.Finding, text string) string {
	if sameObject(applied, f.Object) || strings.Contains(text, f.Object.String()) {
		return fmt.Sprintf("%s: %s", f.Rule, text)
	}
	return fmt.Sprintf("%s on %s: %s", f.Rule, f.Object, text)
}

// sameObject compares kind, namespace and name: the request's object and
// a finding's may differ in apiVersion.
func sameObject(a, b manifest.Ref) bool {
	return a.Kind == b.Kind && a.Namespace == b.Namespace && a.Name == b.Name
}

// more points at `meshlint explain` and the rule's page, for rules of the
// catalogue (a user's own Rego rule has neither).
func more(rule string) string {
	r, ok := catalog.Lookup(rule)
	if !ok {
		return ""
	}
	return fmt.Sprintf("\n  More: meshlint explain %s, %s", r.ID, r.HelpURI())
}

func moreErrors(rest []finding.Finding) string {
	n := map[string]int{}
	for _, f := range rest {
		n[f.Rule]++
	}
	ids := make([]string, 0, len(n))
	for id := range n {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for i, id := range ids {
		ids[i] = fmt.Sprintf("%s x%d", id, n[id])
	}
	return fmt.Sprintf("\n... and %d more errors (%s): run meshlint lint", len(rest), strings.Join(ids, ", "))
}
