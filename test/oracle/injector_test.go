package oracle

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	admissionv1 "k8s.io/api/admission/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"istio.io/istio/pilot/pkg/model"
	"istio.io/istio/pkg/config/mesh"
	"istio.io/istio/pkg/config/mesh/meshwatcher"
	"istio.io/istio/pkg/kube/inject"
	"istio.io/istio/pkg/kube/multicluster"
	"istio.io/istio/pkg/log"
)

func init() {
	// The injector logs every request; a grid of thousands is noise.
	for _, s := range log.Scopes() {
		s.SetOutputLevel(log.NoneLevel)
	}
}

// staticWatcher hands the injector one config, as the ConfigMap watcher
// would (pkg/kube/inject/watcher.go).
type staticWatcher struct {
	cfg    *inject.Config
	values string
}

func (w staticWatcher) Run(<-chan struct{})                           {}
func (w staticWatcher) Get() (*inject.Config, string, error)          { return w.cfg, w.values, nil }
func (w staticWatcher) SetHandler(func(*inject.Config, string) error) {}

// istioInjector is Istio's injection webhook (pkg/kube/inject.NewWebhook)
// serving one install's config, reached over its HTTP handler as the API
// server reaches it.
type istioInjector struct{ mux *http.ServeMux }

func newIstioInjector(t *testing.T, in install) istioInjector {
	t.Helper()
	cfg, err := inject.UnmarshalConfig([]byte(in.config))
	if err != nil {
		t.Fatal(err)
	}
	m := mesh.DefaultMeshConfig()
	store := model.NewFakeStore()
	env := model.Environment{Watcher: meshwatcher.NewTestWatcher(m), ConfigStore: store}
	env.SetPushContext(&model.PushContext{ProxyConfigs: model.GetProxyConfigs(store, m)})
	mux := http.NewServeMux()
	_, err = inject.NewWebhook(inject.WebhookParameters{Watcher: staticWatcher{&cfg, in.values}, Env: &env,
		Mux: mux, Revision: in.revision, MultiCluster: multicluster.NewFakeController()})
	if err != nil {
		t.Fatal(err)
	}
	return istioInjector{mux: mux}
}

// injects posts the pod's CREATE review and reports whether the answer
// patches in a sidecar.
func (ij istioInjector) injects(t *testing.T, pod *corev1.Pod) bool {
	t.Helper()
	raw, err := json.Marshal(pod)
	if err != nil {
		t.Fatal(err)
	}
	review := admissionv1.AdmissionReview{
		TypeMeta: metav1.TypeMeta{APIVersion: "admission.k8s.io/v1", Kind: "AdmissionReview"},
		Request: &admissionv1.AdmissionRequest{UID: "1", Kind: metav1.GroupVersionKind{Version: "v1", Kind: "Pod"},
			Resource:  metav1.GroupVersionResource{Version: "v1", Resource: "pods"},
			Namespace: pod.Namespace, Operation: admissionv1.Create, Object: runtime.RawExtension{Raw: raw}},
	}
	body, _ := json.Marshal(review)
	req := httptest.NewRequest(http.MethodPost, "/inject", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	ij.mux.ServeHTTP(rec, req)
	var out admissionv1.AdmissionReview
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil || out.Response == nil {
		t.Fatalf("injector answer %d: %s", rec.Code, rec.Body.String())
	}
	if !out.Response.Allowed {
		t.Fatalf("injector refused the pod: %v", out.Response.Result)
	}
	return len(out.Response.Patch) > 0
}
