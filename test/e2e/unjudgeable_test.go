package e2e

import (
	"context"
	"strings"
	"testing"
)

// nestedAPI is web's nginx config with its /api location nested depth
// deep, proxying with Host $host (ML201): nginx runs it (its nesting is
// bounded by its stack only).
func nestedAPI(ns string, depth int) string {
	return "server {\n listen 80;\n" + strings.Repeat("location /api {\n", depth) +
		"proxy_pass http://was-service." + ns + ".svc.cluster.local:8080;\nproxy_set_header Host $host;\n" +
		strings.Repeat("}\n", depth) + "}\n"
}

// An nginx config with 70 nested locations is judged (ML201), not waved
// through with a warning; one meshlint cannot read at all (deeper than its
// limit) is denied, saying why, under the default webhook.unjudgeable.
// The mutating webhook is unregistered so that MM01 does not fix the Host
// header first.
func TestAnNginxConfigMeshlintCannotReadIsNotAdmittedSilently(t *testing.T) {
	ctx := context.Background()
	c := newClient(t)
	const ns = "bypass-nginx"
	t.Cleanup(func() { deleteIngress(t, c, ns) })
	s := loadStack(t, ns, hostStack)
	applyAll(ctx, t, c, s.without("ConfigMap", "web-nginx-config"))
	cm := s.find(t, "ConfigMap", "web-nginx-config")
	cases := []struct {
		sentence string
		depth    int
		want     string
	}{
		{"70 nested locations are read and judged: ML201", 70, "ML201"},
		{"locations nested past meshlint's limit are denied as a change it cannot judge", 1001, "meshlint cannot judge this change"},
	}
	withoutWebhook(ctx, t, c, "mutating", func() {
		for _, tc := range cases {
			o := edited(t, cm, func(b map[string]any) {
				b["data"].(map[string]any)["default.conf"] = nestedAPI(ns, tc.depth)
			})
			if v := c.create(ctx, t, o, true); v.allowed || !strings.Contains(v.message, tc.want) {
				t.Errorf("%s: %s, want denied with %q", tc.sentence, v, tc.want)
			}
		}
	})
}
