package oracle

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	admv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mesh"
)

// cluster is what the API server and the injectors of one Istio setup
// decide with: every webhook, and the injector each one calls.
type cluster struct {
	webhooks  []admv1.MutatingWebhook
	injectors map[string]istioInjector // by the webhook's service name (istiod, istiod-<rev>)
}

func newCluster(t *testing.T, installs ...install) cluster {
	c := cluster{injectors: map[string]istioInjector{}}
	for _, in := range installs {
		ij := newIstioInjector(t, in)
		for _, mwc := range in.webhooks {
			for _, wh := range mwc.Webhooks {
				c.webhooks = append(c.webhooks, wh)
				c.injectors[wh.ClientConfig.Service.Name] = ij
			}
		}
	}
	return c
}

// selector is the API server's reading of a webhook selector: an omitted
// one is defaulted to {} (everything) by the v1 API.
func selector(t *testing.T, ls *metav1.LabelSelector) labels.Selector {
	if ls == nil {
		return labels.Everything()
	}
	s, err := metav1.LabelSelectorAsSelector(ls)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// injected is Istio's answer: the API server calls every webhook whose
// namespaceSelector matches the namespace's labels (with the
// kubernetes.io/metadata.name label it sets on every namespace) and whose
// objectSelector matches the pod's, and the pod has a sidecar when one of
// the injectors so called patches one in.
func (c cluster) injected(t *testing.T, nsLabels map[string]string, pod *corev1.Pod) bool {
	nsl := labels.Set{"kubernetes.io/metadata.name": pod.Namespace}
	for k, v := range nsLabels {
		nsl[k] = v
	}
	for _, wh := range c.webhooks {
		if selector(t, wh.NamespaceSelector).Matches(nsl) && selector(t, wh.ObjectSelector).Matches(labels.Set(pod.Labels)) &&
			c.injectors[wh.ClientConfig.Service.Name].injects(t, pod) {
			return true
		}
	}
	return false
}

// combo is one point of the grid.
type combo struct {
	ns          string
	nsLabels    map[string]string
	podLabels   map[string]string
	annotations map[string]string
	hostNetwork bool
}

func (c combo) String() string {
	return fmt.Sprintf("namespace %s labels %s, pod labels %s, annotations %s, hostNetwork %v",
		c.ns, show(c.nsLabels), show(c.podLabels), show(c.annotations), c.hostNetwork)
}

func show(m map[string]string) string {
	var parts []string
	for k, v := range m {
		parts = append(parts, k+"="+fmt.Sprintf("%q", v))
	}
	sort.Strings(parts)
	return "{" + strings.Join(parts, ", ") + "}"
}

func (c combo) pod() *corev1.Pod {
	return &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "p", Namespace: c.ns, Labels: c.podLabels, Annotations: c.annotations},
		Spec: corev1.PodSpec{HostNetwork: c.hostNetwork, Containers: []corev1.Container{{Name: "app", Image: "example/app"}}}}
}

// yaml is the Namespace and the Pod as meshlint reads them.
func (c combo) yaml() string {
	return fmt.Sprintf("apiVersion: v1\nkind: Namespace\nmetadata: {name: %s, labels: %s}\n---\n"+
		"apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: %s, labels: %s, annotations: %s}\n"+
		"spec: {hostNetwork: %v, containers: [{name: app, image: example/app}]}\n",
		c.ns, flow(c.nsLabels), c.ns, flow(c.podLabels), flow(c.annotations), c.hostNetwork)
}

func flow(m map[string]string) string {
	var parts []string
	for k, v := range m {
		parts = append(parts, fmt.Sprintf("%q: %q", k, v))
	}
	sort.Strings(parts)
	return "{" + strings.Join(parts, ", ") + "}"
}

// meshlintMeshed is meshlint's answer for the combination, with the
// install objects given to it as inputs.
func meshlintMeshed(t *testing.T, c combo, given []*manifest.Object) (bool, string) {
	w := meshlintWorkload(t, c, given)
	return w.Meshed, w.MeshedReason
}

// meshlintWorkload is the combination's pod as meshlint models it among
// the given install objects.
func meshlintWorkload(t *testing.T, c combo, given []*manifest.Object) *mesh.Workload {
	res := manifest.LoadBytes("grid.yaml", []byte(c.yaml()), manifest.Options{})
	if len(res.Errors) > 0 {
		t.Fatalf("%v: %v", c, res.Errors)
	}
	m := mesh.Build(append(res.Objects, given...), mesh.DefaultSettings())
	if len(m.Workloads) != 1 {
		t.Fatalf("%v: %d workloads", c, len(m.Workloads))
	}
	return m.Workloads[0]
}

func load(t *testing.T, docs []string) []*manifest.Object {
	res := manifest.LoadBytes("install.yaml", []byte(strings.Join(docs, "\n---\n")), manifest.Options{})
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	return res.Objects
}
