package kinds

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/validate"
)

// TestBoundChangesNoVerdict: what Bound strips is what the model never
// reads. Every rule fixture and field-report stack, linted as the files
// give it and as the webhook's informers hold it once bound, finds the
// same (rule, object, message, remediation).
func TestBoundChangesNoVerdict(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/rules/*/*.yaml")
	stacks, _ := filepath.Glob("../../testdata/field-report/*/stack.yaml")
	if files = append(files, stacks...); len(files) < 60 {
		t.Fatalf("%d fixtures", len(files))
	}
	v, err := validate.New(config.Default(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range files {
		objs := manifest.Load([]string{path}, manifest.Options{}).Objects
		var bound []*manifest.Object
		for _, o := range objs { // a cluster holds the last of an object's definitions (ML002)
			if b, ok := boundCopyOK(t, o); ok {
				bound = slices.DeleteFunc(bound, func(x *manifest.Object) bool { return x.Ref() == b.Ref() })
				bound = append(bound, b)
			}
		}
		want, got := verdict(t, v, objs), verdict(t, v, bound)
		if !slices.Equal(want, got) {
			t.Errorf("%s: from the files\n%v\nonce bound\n%v", path, want, got)
		}
	}
}

func verdict(t *testing.T, v *validate.Validator, objs []*manifest.Object) []string {
	t.Helper()
	res, err := v.Lint(objs)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range res.Findings {
		if f.Rule != "ML002" { // duplicate definitions: a cluster has none
			out = append(out, fmt.Sprint(f.Rule, " ", f.Object, " ", f.Message, " ", f.Remediation))
		}
	}
	slices.Sort(out)
	return out
}

// TestBoundDropsWhatTheModelNeverReads: the field report's stacks,
// their workloads dressed as charts ship them (probes, resources,
// affinity, tolerations, security contexts, a rollout strategy, claim
// templates), find the same once bound, and the bound copies hold none
// of those fields.
func TestBoundDropsWhatTheModelNeverReads(t *testing.T) {
	stacks, _ := filepath.Glob("../../testdata/field-report/*/stack.yaml")
	if len(stacks) < 3 {
		t.Fatalf("%d stacks", len(stacks))
	}
	v, err := validate.New(config.Default(), nil)
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, path := range stacks {
		objs := manifest.Load([]string{path}, manifest.Options{}).Objects
		dressed := 0
		for _, o := range objs {
			if dress(o) {
				dressed++
			}
		}
		var bound []*manifest.Object
		for _, o := range objs {
			if b, ok := boundCopyOK(t, o); ok {
				bound = append(bound, b)
				if k := wornField(b); k != "" {
					t.Errorf("%s: %s keeps %s once bound", path, b.Ref(), k)
				}
			}
		}
		want, got := verdict(t, v, objs), verdict(t, v, bound)
		if dressed == 0 || !slices.Equal(want, got) {
			t.Errorf("%s (%d workloads dressed): from the files\n%v\nonce bound\n%v", path, dressed, want, got)
		}
		found += len(want)
	}
	if found == 0 {
		t.Error("no stack found anything")
	}
}

// dress adds to a workload what charts set and the model never reads.
func dress(o *manifest.Object) bool {
	spec, _ := o.Body["spec"].(map[string]any)
	tmpl, _ := spec["template"].(map[string]any)
	pod, _ := tmpl["spec"].(map[string]any)
	if pod == nil {
		return false
	}
	spec["strategy"] = map[string]any{"type": "RollingUpdate", "rollingUpdate": map[string]any{"maxSurge": "25%"}}
	spec["revisionHistoryLimit"] = int64(10)
	if o.Kind == "StatefulSet" {
		spec["volumeClaimTemplates"] = []any{map[string]any{"metadata": map[string]any{"name": "data"},
			"spec": map[string]any{"accessModes": []any{"ReadWriteOnce"}, "resources": map[string]any{"requests": map[string]any{"storage": "8Gi"}}}}}
	}
	pod["affinity"] = map[string]any{"podAntiAffinity": map[string]any{"preferredDuringSchedulingIgnoredDuringExecution": []any{
		map[string]any{"weight": int64(1), "podAffinityTerm": map[string]any{"topologyKey": "kubernetes.io/hostname"}}}}}
	pod["tolerations"] = []any{map[string]any{"key": "dedicated", "operator": "Exists", "effect": "NoSchedule"}}
	pod["securityContext"] = map[string]any{"runAsNonRoot": true, "fsGroup": int64(1001)}
	pod["nodeSelector"] = map[string]any{"kubernetes.io/os": "linux"}
	cs, _ := pod["containers"].([]any)
	for _, c := range cs {
		cm, _ := c.(map[string]any)
		probe := map[string]any{"httpGet": map[string]any{"path": "/healthz", "port": int64(8080)}, "periodSeconds": int64(10)}
		cm["livenessProbe"], cm["readinessProbe"] = probe, probe
		cm["resources"] = map[string]any{"requests": map[string]any{"cpu": "100m", "memory": "128Mi"}, "limits": map[string]any{"memory": "256Mi"}}
		cm["securityContext"] = map[string]any{"allowPrivilegeEscalation": false, "capabilities": map[string]any{"drop": []any{"ALL"}}}
		cm["imagePullPolicy"] = "IfNotPresent"
	}
	return true
}

// wornField names a field dress adds that b still holds ("" when none).
func wornField(b *manifest.Object) string {
	spec, _ := b.Body["spec"].(map[string]any)
	tmpl, _ := spec["template"].(map[string]any)
	pod, _ := tmpl["spec"].(map[string]any)
	for _, k := range []string{"strategy", "revisionHistoryLimit", "volumeClaimTemplates", "selector"} {
		if _, ok := spec[k]; ok && pod != nil {
			return "spec." + k
		}
	}
	for _, k := range []string{"affinity", "tolerations", "securityContext", "nodeSelector"} {
		if _, ok := pod[k]; ok {
			return "the pod's " + k
		}
	}
	cs, _ := pod["containers"].([]any)
	for _, c := range cs {
		cm, _ := c.(map[string]any)
		for _, k := range []string{"livenessProbe", "readinessProbe", "resources", "securityContext", "imagePullPolicy"} {
			if _, ok := cm[k]; ok {
				return "a container's " + k
			}
		}
	}
	return ""
}
