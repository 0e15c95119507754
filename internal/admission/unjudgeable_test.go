package admission

import (
	"strings"
	"testing"
)

// A change that brings an nginx config meshlint cannot parse is denied by
// default, naming the problem, why it is refused and what to do; an
// existing problem blocks no unrelated change.
func TestAChangeMeshlintCannotReadIsDeniedByDefault(t *testing.T) {
	final := load(t, finalStack)
	goodCM := find(t, final, nginxConfig)
	broken := edited(t, goodCM, func(b map[string]any) {
		b["data"].(map[string]any)["default.conf"] = "server { location / { proxy_pass http://was-service:8080; }"
	})
	v := check(t, engine(t, ""), storeOf(final), request(t, Update, goodCM, broken))
	for _, s := range []string{"meshlint cannot read " + nginxConfig + ": nginx config in data.default.conf:", "1:60: unexpected end of file",
		"meshlint cannot judge this change", "Fix: ", "webhook.unjudgeable: warn"} {
		if !strings.Contains(v.Message, s) {
			t.Errorf("the denial lacks %q: %s", s, v.Message)
		}
	}
	if v.Allowed || !v.Unjudgeable || len(v.Warnings) != 0 {
		t.Errorf("allowed %v, unjudgeable %v, warnings %q: want denied, the problem in the message only", v.Allowed, v.Unjudgeable, v.Warnings)
	}
	brokenState := replaced(t, final, nginxConfig, func(b map[string]any) {
		b["data"].(map[string]any)["default.conf"] = "server { location / { proxy_pass http://was-service:8080; }"
	})
	ns := find(t, brokenState, blogNS)
	if v := check(t, engine(t, ""), storeOf(brokenState), request(t, Update, ns, edited(t, ns, label("team", "blog")))); !v.Allowed {
		t.Errorf("a problem that exists already blocks an unrelated change: %s", v.Message)
	}
}
