package webhook

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"
	admissionv1 "k8s.io/api/admission/v1"

	"github.com/meshlint/meshlint/internal/admission"
	"github.com/meshlint/meshlint/internal/finding"
)

var nginxHostHeader = configMap(map[string]any{"default.conf": "server { location / { proxy_set_header Host $host; proxy_pass http://was-service:8080; } }"})

func TestHandlers(t *testing.T) {
	deny := func(admission.Request) (admission.Verdict, error) {
		return admission.Verdict{Allowed: false, Message: "ML201: Deployment/blog-system/web proxies with Host $host ...\n  Fix: set Host to the upstream",
			Warnings: []string{"ML104: no DestinationRule pins mTLS"}, Errors: []string{"ML201"},
			Findings: []finding.Finding{{Rule: "ML201", Severity: finding.Error}, {Rule: "ML104", Severity: finding.Warning}}}, nil
	}
	warn := func(admission.Request) (admission.Verdict, error) {
		return admission.Verdict{Allowed: true, Warnings: []string{"ML104: no DestinationRule pins mTLS"},
			Findings: []finding.Finding{{Rule: "ML104", Severity: finding.Warning}}}, nil
	}
	broken := func(admission.Request) (admission.Verdict, error) {
		return admission.Verdict{}, errors.New("policy eval failed")
	}
	rewrite := func(req admission.Request) (admission.Mutation, error) {
		var o map[string]any
		if err := json.Unmarshal(req.Object, &o); err != nil {
			return admission.Mutation{}, err
		}
		o["data"] = map[string]any{"default.conf": "server { location / { proxy_set_header Host was-service.blog-system.svc.cluster.local; proxy_pass http://was-service:8080; } }"}
		o["metadata"].(map[string]any)["annotations"] = map[string]any{"meshlint.io/mutated": "MM01"}
		b, _ := json.Marshal(o)
		return admission.Mutation{Mutated: b, Changes: []string{"MM01: Host $host replaced by the upstream's name"}, Mutators: []string{"MM01"}}, nil
	}
	cmCreate := review{op: admissionv1.Create, kind: "ConfigMap", ns: "blog-system", name: "web-nginx-config", object: nginxHostHeader}

	tests := []struct {
		name     string
		webhook  string
		review   review
		validate func(admission.Request) (admission.Verdict, error)
		mutate   func(admission.Request) (admission.Mutation, error)
		setup    func(*Handlers)

		allowed  bool
		code     int32  // result code; 0: not checked
		message  string // substring of the result message
		warnings []string
		patch    []string // JSON patch ops as "op path"
		engine   bool     // the engine was asked
		decision string
	}{
		{name: "a change the engine finds nothing new in is allowed",
			webhook: webhookValidate, review: cmCreate, allowed: true, code: 200, engine: true, decision: decisionAllowed},
		{name: "new warnings come back as admission warnings and allow",
			webhook: webhookValidate, review: cmCreate, validate: warn,
			allowed: true, warnings: []string{"ML104: no DestinationRule pins mTLS"}, engine: true, decision: decisionAllowed},
		{name: "new errors deny with the engine's message, IDs and fix, warnings kept",
			webhook: webhookValidate, review: cmCreate, validate: deny,
			allowed: false, code: 403, message: "ML201: Deployment/blog-system/web proxies", warnings: []string{"ML104: no DestinationRule pins mTLS"},
			engine: true, decision: decisionDenied},
		{name: "a DELETE reaches the engine with the old object and can be denied",
			webhook: webhookValidate, validate: deny,
			review:  review{op: admissionv1.Delete, group: "security.istio.io", kind: "PeerAuthentication", ns: "blog-system", name: "permissive", old: map[string]any{"apiVersion": "security.istio.io/v1", "kind": "PeerAuthentication", "metadata": map[string]any{"name": "permissive"}}},
			allowed: false, code: 403, engine: true, decision: decisionDenied},
		{name: "a dry-run gets the same verdict",
			webhook: webhookValidate, validate: deny,
			review:  review{op: admissionv1.Create, kind: "ConfigMap", ns: "blog-system", name: "web-nginx-config", object: nginxHostHeader, dryRun: true},
			allowed: false, code: 403, engine: true, decision: decisionDenied},
		{name: "a kind the model does not read is allowed without asking the engine",
			webhook: webhookValidate, validate: deny,
			review:  review{op: admissionv1.Create, kind: "Secret", ns: "blog-system", name: "s", object: map[string]any{"apiVersion": "v1", "kind": "Secret"}},
			allowed: true, message: "does not model Secret", decision: decisionAllowed},
		{name: "a kind of the same name in another group is not ours",
			webhook: webhookValidate, validate: deny,
			review:  review{op: admissionv1.Create, group: "example.com", kind: "Service", ns: "blog-system", name: "s", object: map[string]any{"apiVersion": "example.com/v1", "kind": "Service"}},
			allowed: true, decision: decisionAllowed},
		{name: "an operation the webhook does not take is allowed",
			webhook: webhookMutate, mutate: rewrite,
			review:  review{op: admissionv1.Delete, kind: "ConfigMap", ns: "blog-system", name: "web-nginx-config", old: nginxHostHeader},
			allowed: true, message: "does not take DELETE", decision: decisionAllowed},
		{name: "an object that is not a Kubernetes object is allowed with a warning",
			webhook: webhookValidate, validate: deny,
			review:  review{op: admissionv1.Create, kind: "ConfigMap", ns: "blog-system", name: "x", object: json.RawMessage(`["not", "an", "object"]`)},
			allowed: true, warnings: []string{"meshlint could not check the object: request.object is not a Kubernetes object: it is a JSON array"},
			decision: decisionUndecoded},
		{name: "an object whose metadata is not a mapping is allowed with a warning naming the field",
			webhook: webhookValidate,
			review:  review{op: admissionv1.Create, kind: "ConfigMap", ns: "blog-system", name: "x", object: map[string]any{"apiVersion": "v1", "kind": "ConfigMap", "metadata": "x"}},
			allowed: true, warnings: []string{"meshlint could not check the object: request.object is not a Kubernetes object: metadata is a JSON string"},
			decision: decisionUndecoded},
		{name: "an object without a kind is allowed with a warning",
			webhook: webhookValidate,
			review:  review{op: admissionv1.Create, kind: "ConfigMap", ns: "blog-system", name: "x", object: map[string]any{"metadata": map[string]any{"name": "x"}}},
			allowed: true, warnings: []string{"meshlint could not check the object: request.object is not a Kubernetes object: apiVersion or kind is missing"},
			decision: decisionUndecoded},
		{name: "under strict decoding an object that is not a Kubernetes object is denied",
			webhook: webhookValidate, setup: func(h *Handlers) { h.StrictDecoding = true },
			review:  review{op: admissionv1.Create, kind: "ConfigMap", ns: "blog-system", name: "x", object: json.RawMessage(`"text"`)},
			allowed: false, code: 403, message: "--strict-decoding", decision: decisionUndecoded},
		{name: "an UPDATE whose old object is not a Kubernetes object is not judged",
			webhook: webhookValidate,
			review:  review{op: admissionv1.Update, kind: "ConfigMap", ns: "blog-system", name: "x", object: nginxHostHeader, old: json.RawMessage(`42`)},
			allowed: true, warnings: []string{"meshlint could not check the object: request.oldObject is not a Kubernetes object: it is a JSON number"},
			decision: decisionUndecoded},
		{name: "mutation leaves an object that is not a Kubernetes object alone, without a second warning",
			webhook: webhookMutate, mutate: rewrite,
			review:  review{op: admissionv1.Create, kind: "ConfigMap", ns: "blog-system", name: "x", object: json.RawMessage(`[]`)},
			allowed: true, message: "could not check", decision: decisionUndecoded},
		{name: "a CREATE without an object is a bad request",
			webhook: webhookValidate,
			review:  review{op: admissionv1.Create, kind: "ConfigMap", ns: "blog-system", name: "x"},
			allowed: false, code: 400, message: "missing object: request.object is empty on CREATE", decision: decisionBadRequest},
		{name: "a DELETE without the old object is a bad request",
			webhook: webhookValidate,
			review:  review{op: admissionv1.Delete, kind: "ConfigMap", ns: "blog-system", name: "x"},
			allowed: false, code: 400, message: "request.oldObject is empty on DELETE", decision: decisionBadRequest},
		{name: "a CREATE whose object is null is a bad request",
			webhook: webhookValidate,
			review:  review{op: admissionv1.Create, kind: "ConfigMap", ns: "blog-system", name: "x", object: json.RawMessage(`null`)},
			allowed: false, code: 400, message: "request.object is empty on CREATE", decision: decisionBadRequest},
		{name: "an UPDATE without the old object reaches the engine, which takes the Store's copy",
			webhook: webhookValidate,
			review:  review{op: admissionv1.Update, kind: "ConfigMap", ns: "blog-system", name: "x", object: nginxHostHeader},
			allowed: true, engine: true, decision: decisionAllowed},
		{name: "an object the engine cannot read is allowed with a warning",
			webhook: webhookValidate, review: cmCreate,
			validate: func(admission.Request) (admission.Verdict, error) {
				return admission.Verdict{}, fmt.Errorf("%w: object.json:1: invalid UTF-8", admission.ErrBadObject)
			},
			allowed: true, warnings: []string{"meshlint could not check the object: bad admission object: object.json:1: invalid UTF-8"},
			engine: true, decision: decisionUndecoded},
		{name: "an object the engine cannot read is not mutated, without a warning",
			webhook: webhookMutate, review: cmCreate,
			mutate: func(admission.Request) (admission.Mutation, error) {
				return admission.Mutation{}, fmt.Errorf("%w: object.json:1: invalid UTF-8", admission.ErrBadObject)
			},
			allowed: true, warnings: []string{}, engine: true, decision: decisionUndecoded},
		{name: "the engine's reason to skip a request comes back as the message",
			webhook: webhookValidate, review: cmCreate,
			validate: func(admission.Request) (admission.Verdict, error) {
				return admission.Verdict{Allowed: true, Skipped: "namespace blog-system opted out with the label meshlint.io/ignore-namespace"}, nil
			},
			allowed: true, message: "opted out", engine: true, decision: decisionAllowed},
		{name: "a Pod naming a ReplicaSet no reader holds is evaluated: anyone can write an owner reference (owner_test.go has the verified case)",
			webhook: webhookValidate, validate: deny,
			review:  review{op: admissionv1.Create, kind: "Pod", ns: "blog-system", name: "web-5d9-abcde", object: ownedPod("ReplicaSet")},
			allowed: false, engine: true, decision: decisionDenied},
		{name: "a Pod an operator of another kind created is evaluated",
			webhook: webhookValidate, validate: deny,
			review:  review{op: admissionv1.Create, kind: "Pod", ns: "blog-system", name: "web-5d9-abcde", object: ownedPod("Rollout")},
			allowed: false, engine: true, decision: decisionDenied},
		{name: "before the cluster state is loaded validation refuses",
			webhook: webhookValidate, setup: func(h *Handlers) { h.Ready = func() bool { return false } },
			review:  cmCreate,
			allowed: false, code: 503, message: "still loading the cluster state", decision: decisionNotReady},
		{name: "before the cluster state is loaded mutation lets the object through unchanged",
			webhook: webhookMutate, mutate: rewrite, setup: func(h *Handlers) { h.Ready = func() bool { return false } },
			review:  cmCreate,
			allowed: true, message: "not mutated", decision: decisionNotReady},
		{name: "an engine failure refuses validation",
			webhook: webhookValidate, validate: broken, review: cmCreate,
			allowed: false, code: 500, message: "meshlint could not evaluate the change: policy eval failed", engine: true, decision: decisionError},
		{name: "mutation answers a JSON patch from the object sent to the object mutated, with the reasons as warnings",
			webhook: webhookMutate, mutate: rewrite, review: cmCreate,
			allowed: true, warnings: []string{"MM01: Host $host replaced by the upstream's name"},
			patch: []string{"add /metadata/annotations", "replace /data/default.conf"}, engine: true, decision: decisionMutated},
		{name: "a dry-run is mutated the same way",
			webhook: webhookMutate, mutate: rewrite,
			review:  review{op: admissionv1.Create, kind: "ConfigMap", ns: "blog-system", name: "web-nginx-config", object: nginxHostHeader, dryRun: true},
			allowed: true, patch: []string{"add /metadata/annotations", "replace /data/default.conf"},
			warnings: []string{"MM01: Host $host replaced by the upstream's name"}, engine: true, decision: decisionMutated},
		{name: "nothing to fix is allowed without a patch",
			webhook: webhookMutate, review: cmCreate, allowed: true, engine: true, decision: decisionAllowed},
		{name: "with mutation off nothing is mutated",
			webhook: webhookMutate, mutate: rewrite, setup: func(h *Handlers) { h.Mutate = false }, review: cmCreate,
			allowed: true, message: "mutation is off", decision: decisionAllowed},
		{name: "an engine failure lets the object through unmutated, with a warning",
			webhook: webhookMutate, review: cmCreate,
			mutate:  func(admission.Request) (admission.Mutation, error) { return admission.Mutation{}, errors.New("boom") },
			allowed: true, warnings: []string{"meshlint could not compute its fixes: boom"}, engine: true, decision: decisionError},
		{name: "a mutated object that is not JSON lets the object through, with a warning",
			webhook: webhookMutate, review: cmCreate,
			mutate: func(admission.Request) (admission.Mutation, error) {
				return admission.Mutation{Mutated: []byte("{")}, nil
			},
			allowed: true, engine: true, decision: decisionError},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			eng := &fakeEngine{validate: tc.validate, mutate: tc.mutate}
			h := newTestHandlers(t, eng)
			if tc.setup != nil {
				tc.setup(h)
			}
			_, out := post(t, h.serve(routeOf(t, h, tc.webhook), DefaultMaxBodyBytes), tc.review.json(t))
			r := out.Response
			if string(r.UID) != "req-1" {
				t.Errorf("uid %q, want the request's", r.UID)
			}
			if r.Allowed != tc.allowed {
				t.Errorf("allowed %v, want %v (%+v)", r.Allowed, tc.allowed, r.Result)
			}
			if tc.code != 0 && (r.Result == nil || r.Result.Code != tc.code) {
				t.Errorf("result %+v, want code %d", r.Result, tc.code)
			}
			if tc.message != "" && (r.Result == nil || !strings.Contains(r.Result.Message, tc.message)) {
				t.Errorf("result %+v, want a message with %q", r.Result, tc.message)
			}
			if tc.warnings != nil && !slices.Equal(r.Warnings, tc.warnings) && len(r.Warnings)+len(tc.warnings) > 0 {
				t.Errorf("warnings %q, want %q", r.Warnings, tc.warnings)
			}
			if got := patchOps(t, r); !slices.Equal(got, tc.patch) {
				t.Errorf("patch %q, want %q", got, tc.patch)
			}
			if asked := len(eng.requests()) > 0; asked != tc.engine {
				t.Errorf("engine asked: %v, want %v", asked, tc.engine)
			}
			c := h.Metrics.Requests.WithLabelValues(tc.webhook, tc.review.kind, string(tc.review.op), tc.decision)
			if n := testutil.ToFloat64(c); n != 1 {
				t.Errorf("meshlint_admission_requests_total{decision=%q} = %v, want 1", tc.decision, n)
			}
		})
	}
}

func patchOps(t *testing.T, r *admissionv1.AdmissionResponse) []string {
	t.Helper()
	if len(r.Patch) == 0 {
		return nil
	}
	if r.PatchType == nil || *r.PatchType != admissionv1.PatchTypeJSONPatch {
		t.Errorf("patch type %v, want JSONPatch", r.PatchType)
	}
	var ops []struct{ Op, Path string }
	if err := json.Unmarshal(r.Patch, &ops); err != nil {
		t.Fatalf("patch: %v", err)
	}
	var out []string
	for _, o := range ops {
		out = append(out, o.Op+" "+o.Path)
	}
	slices.Sort(out)
	return out
}
