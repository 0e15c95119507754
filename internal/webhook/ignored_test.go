package webhook

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/meshlint/meshlint/internal/admission"
	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/manifest"
)

// The field report's ConfigMap with Host $host, annotated
// meshlint.io/ignore: "*" by whoever may write it: the real engine over the
// real Store denies it by default; a config that allows the annotation
// admits it, and the response carries the audit annotation, the metric
// counts each waived rule.
func TestTheIgnoreAnnotationIsOffInTheWebhookAndRecordedWhenAllowed(t *testing.T) {
	store, hostCM := fieldReportState(t)
	meta := hostCM["metadata"].(map[string]any)
	meta["annotations"] = map[string]any{"meshlint.io/ignore": "*"}
	create := review{op: "CREATE", kind: "ConfigMap", ns: "blog-system", name: "web-nginx-config", object: hostCM}
	for _, tc := range []struct {
		sentence, config string
		allowed          bool
		audit            string
	}{
		{"by default the annotation waives nothing: denied, nothing recorded", "", false, ""},
		{"allowed by webhook.allowIgnoreAnnotation: admitted, each rule recorded", "webhook: {allowIgnoreAnnotation: true}\n", true, "ML201,ML401"},
		{"limited to ML201: ML401 still denies, ML201's waiver is recorded", "webhook: {allowIgnoreAnnotation: true, ignoreAnnotationRules: [ML201]}\n", false, "ML201"},
	} {
		h := newTestHandlers(t, engineWith(t, tc.config))
		h.State = store
		_, out := post(t, h.serve(routeOf(t, h, webhookValidate), DefaultMaxBodyBytes), create.json(t))
		r := out.Response
		if r.Allowed != tc.allowed {
			t.Errorf("%s: allowed %v (%+v)", tc.sentence, r.Allowed, r.Result)
		}
		if got := r.AuditAnnotations[auditIgnored]; got != tc.audit {
			t.Errorf("%s: audit annotation %q, want %q", tc.sentence, got, tc.audit)
		}
		for _, rule := range strings.Split(tc.audit, ",") {
			if n := testutil.ToFloat64(h.Metrics.Ignored.WithLabelValues(rule)); rule != "" && n != 1 {
				t.Errorf("%s: meshlint_ignore_annotations_total{rule=%s} = %v, want 1", tc.sentence, rule, n)
			}
		}
	}
}

// fieldReportState is the field report's final stack as the informers hold
// it, without web's nginx ConfigMap, and that ConfigMap with Host $host.
func fieldReportState(t *testing.T) (*admission.Store, map[string]any) {
	t.Helper()
	root := filepath.Join(repoRootFromPkg, "testdata", "field-report")
	store := admission.NewStore()
	for _, o := range manifest.Load([]string{filepath.Join(root, "final", "stack.yaml")}, manifest.Options{}).Objects {
		if o.Kind != "ConfigMap" || o.Name != "web-nginx-config" {
			out, _ := transform(mustUnstructured(t, o.Body))
			mirror{store}.OnAdd(out, true)
		}
	}
	for _, o := range manifest.Load([]string{filepath.Join(root, "host", "stack.yaml")}, manifest.Options{}).Objects {
		if o.Kind == "ConfigMap" && o.Name == "web-nginx-config" {
			return store, o.Body
		}
	}
	t.Fatal("the host stack has no web-nginx-config")
	return nil, nil
}

// engineWith is the real engine with a .meshlint.yaml.
func engineWith(t *testing.T, yaml string) *admission.Engine {
	t.Helper()
	p := filepath.Join(t.TempDir(), config.FileName)
	if err := os.WriteFile(p, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(p)
	if err != nil {
		t.Fatal(err)
	}
	e, err := admission.New(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	return e
}
