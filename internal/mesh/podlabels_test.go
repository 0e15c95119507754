package mesh

import (
	"testing"

	"github.com/meshlint/meshlint/internal/manifest"
)

// TestPodLabelsAreTheWorkloadsLabels: what PodLabels and SelectsPod say
// of a workload object is what the model's Workload labels and Selects
// say, for every workload kind, values that are not strings included.
func TestPodLabelsAreTheWorkloadsLabels(t *testing.T) {
	res := manifest.LoadBytes("w.yaml", []byte(`apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: a}
spec: {template: {metadata: {labels: {app: web, version: 2, canary: true}}, spec: {containers: [{name: web, image: nginx}]}}}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: job, namespace: a}
spec: {jobTemplate: {spec: {template: {metadata: {labels: {app: job}}, spec: {containers: [{name: j, image: busybox}]}}}}}
---
apiVersion: v1
kind: Pod
metadata: {name: bare, namespace: a, labels: {app: bare}}
spec: {containers: [{name: b, image: busybox}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: unlabelled, namespace: a}
spec: {template: {spec: {containers: [{name: u, image: mysql}]}}}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: a, labels: {app: web}}
spec: {selector: {app: web}}
`), manifest.Options{})
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	sels := []map[string]string{{"app": "web"}, {"app": "web", "version": "2"}, {"canary": "true"}, {"version": "3"}, {"app": "job"}, {"app": "bare"}, {}}
	for _, o := range res.Objects {
		got := PodLabels(o)
		var want map[string]string
		if IsWorkloadKind(o.Kind) {
			want = newWorkload(o, NamespaceOf(o)).Labels
		}
		if (got == nil) != (want == nil) {
			t.Errorf("%s: PodLabels %v, the workload's labels %v", o.Ref(), got, want)
		}
		for _, sel := range sels {
			if got != nil && SelectsPod(sel, got) != Selects(sel, want) {
				t.Errorf("%s, selector %v: SelectsPod %v, Selects %v", o.Ref(), sel, SelectsPod(sel, got), Selects(sel, want))
			}
		}
	}
}
