package manifest

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// stack writes the objects of one application in namespace ns: the kinds
// meshlint reads, at their usual size.
func stack(b *bytes.Buffer, i int) {
	ns, app := fmt.Sprintf("team-%d", i%97), fmt.Sprintf("web-%d", i)
	fmt.Fprintf(b, `---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: %[1]s
  namespace: %[2]s
  labels: {app: %[1]s, version: v1}
spec:
  replicas: 2
  selector:
    matchLabels: {app: %[1]s}
  template:
    metadata:
      labels: {app: %[1]s, version: v1}
      annotations:
        sidecar.istio.io/inject: "true"
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports:
        - {containerPort: 8080, name: http}
        volumeMounts:
        - {name: conf, mountPath: /etc/nginx/conf.d}
      volumes:
      - name: conf
        configMap: {name: %[1]s-conf}
---
apiVersion: v1
kind: Service
metadata: {name: %[1]s, namespace: %[2]s}
spec:
  selector: {app: %[1]s}
  ports:
  - {name: http, port: 80, targetPort: 8080}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: %[1]s-conf, namespace: %[2]s}
data:
  nginx.conf: |
    server {
      listen 8080;
      location / {
        proxy_pass http://api.%[2]s.svc.cluster.local:8080;
        proxy_set_header Host $host;
      }
    }
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: %[1]s, namespace: %[2]s}
spec:
  host: %[1]s.%[2]s.svc.cluster.local
  trafficPolicy:
    tls: {mode: ISTIO_MUTUAL}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: %[1]s, namespace: %[2]s}
spec:
  hosts: [%[1]s.example.com]
  gateways: [istio-system/public]
  http:
  - route:
    - destination: {host: %[1]s, port: {number: 80}}
`, app, ns)
	for _, kind := range []string{"ServiceAccount", "Secret"} {
		fmt.Fprintf(b, "---\napiVersion: v1\nkind: %s\nmetadata: {name: %s, namespace: %s}\n", kind, app, ns)
	}
	fmt.Fprintf(b, `---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: %[1]s, namespace: %[2]s}
spec:
  selector:
    matchLabels: {app: %[1]s}
  mtls: {mode: STRICT}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: %[1]s, namespace: %[2]s}
spec:
  minAvailable: 1
  selector:
    matchLabels: {app: %[1]s}
`, app, ns)
}

const stackSize = 9 // objects written by stack

// corpus returns n stacks, one file each.
func corpus(n int) [][]byte {
	out := make([][]byte, n)
	for i := range out {
		var b bytes.Buffer
		stack(&b, i)
		out[i] = b.Bytes()
	}
	return out
}

// BenchmarkLoad10k loads 10,000 objects from one file (LoadBytes), from
// 1,112 files of one stack each, and from 10,000 files of one object each.
func BenchmarkLoad10k(b *testing.B) {
	files := corpus((10000 + stackSize - 1) / stackSize)
	all := bytes.Join(files, nil)
	b.Run("one-file", func(b *testing.B) {
		b.SetBytes(int64(len(all)))
		for b.Loop() {
			if r := LoadBytes("all.yaml", all, Options{}); len(r.Objects) < 10000 || len(r.Errors) > 0 {
				b.Fatalf("%d objects, errors %v", len(r.Objects), r.Errors)
			}
		}
	})
	b.Run("stack-files", func(b *testing.B) { benchDir(b, files) })
	b.Run("object-files", func(b *testing.B) { benchDir(b, bytes.SplitAfter(all, []byte("\n---\n"))) })
}

func benchDir(b *testing.B, files [][]byte) {
	dir := b.TempDir()
	size := 0
	for i, f := range files {
		name := filepath.Join(dir, fmt.Sprintf("d%02d", i%50), fmt.Sprintf("f%05d.yaml", i))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(name, f, 0o644); err != nil {
			b.Fatal(err)
		}
		size += len(f)
	}
	b.SetBytes(int64(size))
	for b.Loop() {
		if r := Load([]string{dir}, Options{}); len(r.Objects) < 10000 || len(r.Errors) > 0 {
			b.Fatalf("%d objects, errors %v", len(r.Objects), r.Errors)
		}
	}
}
