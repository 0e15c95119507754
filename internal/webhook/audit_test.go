package webhook

import (
	"maps"
	"slices"
	"testing"

	"k8s.io/apimachinery/pkg/runtime/schema"
	apiadmission "k8s.io/apiserver/pkg/admission"
)

// The field report's ConfigMap turned to Host $host, answered by the real
// engine over the real Store: the response names the rules it denied on
// and warned of as audit annotations, whose keys the API server accepts
// under the chart's webhook names (its own AddAnnotation checks them).
func TestAVerdictRecordsItsRulesAsAuditAnnotations(t *testing.T) {
	store, hostCM := fieldReportState(t)
	create := review{op: "CREATE", kind: "ConfigMap", ns: "blog-system", name: "web-nginx-config", object: hostCM}
	for _, tc := range []struct {
		sentence, config string
		allowed          bool
		audit            map[string]string
	}{
		{"a denial records the rules it denied on", "", false, map[string]string{"errors": "ML201,ML401"}},
		{"one rule in warn mode: the errors and the warnings apart", "rules: {ML401: {mode: warn}}\n", false,
			map[string]string{"errors": "ML201", "warnings": "ML401"}},
		{"warnings only: admitted, the warnings recorded", "rules: {ML201: {mode: warn}, ML401: {mode: warn}}\n", true,
			map[string]string{"warnings": "ML201,ML401"}},
		{"nothing new: nothing recorded", "rules: {ML201: {mode: \"off\"}, ML401: {mode: \"off\"}}\n", true, nil},
	} {
		h := newTestHandlers(t, engineWith(t, tc.config))
		h.State = store
		_, out := post(t, h.serve(routeOf(t, h, webhookValidate), DefaultMaxBodyBytes), create.json(t))
		r := out.Response
		if r.Allowed != tc.allowed || !maps.Equal(r.AuditAnnotations, tc.audit) {
			t.Errorf("%s: allowed %v, audit annotations %v; want %v, %v", tc.sentence, r.Allowed, r.AuditAnnotations, tc.allowed, tc.audit)
		}
		for _, key := range slices.Sorted(maps.Keys(r.AuditAnnotations)) {
			for _, webhook := range []string{"validate.meshlint.io", "mutate.meshlint.io"} {
				attrs := apiadmission.NewAttributesRecord(nil, nil, schema.GroupVersionKind{Version: "v1", Kind: "ConfigMap"}, "blog-system",
					"web-nginx-config", schema.GroupVersionResource{Version: "v1", Resource: "configmaps"}, "", apiadmission.Create, nil, false, nil)
				if err := attrs.AddAnnotation(webhook+"/"+key, r.AuditAnnotations[key]); err != nil {
					t.Errorf("%s: the API server drops the audit annotation %s/%s: %v", tc.sentence, webhook, key, err)
				}
			}
		}
	}
}
