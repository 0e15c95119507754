package mutate

import (
	"fmt"
	"slices"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mesh"
)

// injectKey is the pod label (and deprecated annotation) that decides
// injection before the namespace does (Istio: pkg/kube/inject/inject.go
// injectRequired; docs/mesh-semantics.md §1).
const injectKey = "sidecar.istio.io/inject"

// MM02 (server-first-sidecar-exclusion) labels the pod template of a
// workload that runs a server-first database image and would get a sidecar
// with sidecar.istio.io/inject: "false": behind a sidecar its connections
// hang in protocol or mTLS detection (docs/mesh-semantics.md §8, ML301).
//
// It never overrides an inject label or annotation the user set, whatever
// its value, and leaves alone a workload that already carries its proxy or
// that the sidecar still serves: an ISTIO_MUTUAL DestinationRule towards it
// (without a sidecar that becomes ML103) or an AuthorizationPolicy that
// selects it (nothing would enforce it any more).
func MM02(o *manifest.Object, m *mesh.Model) Result {
	return mm02(o, workloadOf(o, m), m)
}

func mm02(o *manifest.Object, w *mesh.Workload, m *mesh.Model) Result {
	path, ok := mesh.PodTemplatePath(o.Kind)
	if !ok || w == nil || !w.Meshed {
		return Result{}
	}
	tmpl := o.Body
	if path != nil {
		tmpl = mapAt(o.Body, path...)
	}
	if tmpl == nil || userChoseInjection(tmpl) || hasProxy(w) {
		return Result{}
	}
	image := m.ServerFirstImage(w)
	if image == "" || sidecarStillServes(w, m) {
		return Result{}
	}
	labels := append(slices.Clone(path), "metadata", "labels")
	return Result{
		Edits: []Edit{{Kind: SetField, Path: append(labels, injectKey), Value: "false"}},
		Changes: []Change{{Mutation: "MM02", Object: o.Ref(), Line: o.FieldLine(labels...),
			Reason: fmt.Sprintf("runs %s, a server-first protocol, and would get a sidecar (%s), in which its connections hang; "+
				"pod-template label %s: \"false\" keeps it out of the mesh", image, w.MeshedReason, injectKey)}},
	}
}

func workloadOf(o *manifest.Object, m *mesh.Model) *mesh.Workload {
	for _, w := range m.Workloads {
		if w.Obj == o {
			return w
		}
	}
	return nil
}

// userChoseInjection: any inject label or annotation on the pod template is
// the user's decision, even a value Istio ignores.
func userChoseInjection(tmpl map[string]any) bool {
	return has(tmpl, "metadata", "labels", injectKey) || has(tmpl, "metadata", "annotations", injectKey)
}

// hasProxy: the proxy is already in the pod (a dump of a live pod), so a
// label cannot take it out.
func hasProxy(w *mesh.Workload) bool {
	if w.NativeSidecar {
		return true
	}
	for _, c := range w.Containers {
		if c.Name == "istio-proxy" {
			return true
		}
	}
	return false
}

// sidecarStillServes reports whether taking the sidecar away would break
// or weaken something: a DestinationRule that forces ISTIO_MUTUAL to one of
// its Services (TLS towards a pod without a sidecar fails: ML103), or an
// AuthorizationPolicy that selects it (only the sidecar enforces it).
func sidecarStillServes(w *mesh.Workload, m *mesh.Model) bool {
	for _, s := range m.Services {
		if !slices.Contains(s.Workloads, w) {
			continue
		}
		for _, a := range m.Applications(s) {
			if a.TLS != nil && a.TLS.Mode == "ISTIO_MUTUAL" {
				return true
			}
		}
	}
	for _, ap := range m.AuthzPolicies {
		if ap.Selector != nil && !ap.TargetRef && (ap.Namespace == w.Namespace || ap.Namespace == m.Settings.RootNamespace) &&
			mesh.Selects(ap.Selector, w.Labels) {
			return true
		}
	}
	return false
}
