package webhook

import (
	"slices"
	"strings"

	ctrladm "sigs.k8s.io/controller-runtime/pkg/webhook/admission"

	"github.com/meshlint/meshlint/internal/finding"
)

// The audit annotations of a verdict: the IDs of the rules whose new
// findings it denied on (errors) and warned of (warnings), comma-separated,
// so that an audit log answers "what did meshlint refuse, and why" without
// the message. The API server records each as <webhook name>/<key>, e.g.
// validate.meshlint.io/errors, on denials too: it adds a webhook's audit
// annotations before it looks at Allowed (k8s.io/apiserver
// pkg/admission/plugin/webhook/validating/dispatcher.go callHook), and
// drops, with a log line, a key that does not make a qualified name
// (pkg/admission/attributes.go checkKeyFormat): no "/" in it.
const (
	auditErrors   = "errors"
	auditWarnings = "warnings"
)

// auditFindings adds the audit annotations of fs to resp.
func auditFindings(resp ctrladm.Response, fs []finding.Finding) ctrladm.Response {
	for key, sev := range map[string]finding.Severity{auditErrors: finding.Error, auditWarnings: finding.Warning} {
		ids := rulesOf(fs, sev)
		if ids == "" {
			continue
		}
		if resp.AuditAnnotations == nil {
			resp.AuditAnnotations = map[string]string{}
		}
		resp.AuditAnnotations[key] = ids
	}
	return resp
}

// rulesOf lists, sorted and once each, the rules of fs at severity sev.
func rulesOf(fs []finding.Finding, sev finding.Severity) string {
	var ids []string
	for _, f := range fs {
		if f.Severity == sev {
			ids = append(ids, f.Rule)
		}
	}
	slices.Sort(ids)
	return strings.Join(slices.Compact(ids), ",")
}
