package clustertest

import (
	"fmt"
	"strings"
)

// SlowLocations is how many proxy_pass locations each ConfigMap of
// SlowNginxStack holds: about 1 MB of text, under the API server's 1 MiB
// limit on a ConfigMap.
const SlowLocations = 6500

// SlowNginxStack is legal input that takes seconds to judge, for the
// tests of deadlines and limits: in namespace ns, configs nginx
// Deployments (slow-0, slow-1, ...) each load a ConfigMap of the same
// name from /etc/nginx/conf.d with SlowLocations proxy_pass locations to
// was.<ns>. A change in ns makes the engine model and judge all of it.
func SlowNginxStack(ns string, configs int) string {
	var b strings.Builder
	for i := range configs {
		fmt.Fprintf(&b, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: slow-%d\n  namespace: %s\ndata:\n  default.conf: |\n    server {\n", i, ns)
		for j := range SlowLocations {
			fmt.Fprintf(&b, "      location /api%d {\n        proxy_pass http://was.%s.svc.cluster.local:8080;\n        proxy_set_header Host was;\n      }\n", j, ns)
		}
		fmt.Fprintf(&b, "    }\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: slow-%d\n  namespace: %s\nspec:\n"+
			"  selector: {matchLabels: {app: slow-%d}}\n  template:\n    metadata: {labels: {app: slow-%d}}\n    spec:\n"+
			"      containers: [{name: nginx, image: \"nginx:1.27\", volumeMounts: [{name: c, mountPath: /etc/nginx/conf.d}]}]\n"+
			"      volumes: [{name: c, configMap: {name: slow-%d}}]\n---\n", i, ns, i, i, i)
	}
	return b.String()
}
