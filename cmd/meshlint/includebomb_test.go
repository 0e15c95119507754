package main

import (
	"fmt"
	"strings"
	"testing"
)

// A 2 KB ConfigMap whose files each include the next one twice, sixteen
// levels deep, mounted by a meshed nginx: expanding it whole would splice
// 65,536 files. The CLI stops at the include bound with one input error
// that names the chain (exit 2), and the rest of the stack is still
// linted; it used to take a minute of CPU (and 30 levels never ended).
func TestLintIncludeBombIsAnInputError(t *testing.T) {
	var data strings.Builder
	for i := range 16 {
		fmt.Fprintf(&data, "  l%d.inc: |\n    include /etc/nginx/conf.d/l%d.inc;\n    include /etc/nginx/conf.d/l%d.inc;\n", i, i+1, i+1)
	}
	data.WriteString("  l16.inc: |\n    proxy_set_header X-Bomb 1;\n")
	data.WriteString("  default.conf: |\n    server { listen 80; location / { include /etc/nginx/conf.d/l0.inc; proxy_pass http://was:8080; } }\n")
	stack := `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio-injection: enabled}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: web, namespace: shop}
data:
` + data.String() + `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
          volumeMounts: [{name: conf, mountPath: /etc/nginx/conf.d}]
      volumes: [{name: conf, configMap: {name: web}}]
`
	r := meshlint(t, "", stack, "lint", "-")
	if r.code != 2 {
		t.Fatalf("exit %d, want 2 (input error)\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if n := strings.Count(r.stderr, "included in all"); n != 1 || !strings.Contains(r.stderr, "include chain /etc/nginx/nginx.conf -> /etc/nginx/conf.d/default.conf -> /etc/nginx/conf.d/l0.inc") {
		t.Errorf("want one error naming the include chain, got:\n%s", r.stderr)
	}
	if !strings.Contains(r.stdout, "in 3 objects") {
		t.Errorf("the other objects were not linted:\n%s", r.stdout)
	}
}
