package admission

import (
	"maps"
	"reflect"

	"github.com/meshlint/meshlint/internal/manifest"
)

// A change to what no part of meshlint reads needs no evaluation: the
// model, the findings and the verdict of the state after it are those of
// the state before, so it adds no finding. The labels of Istio's
// configuration (networking.istio.io, security.istio.io) are such a part,
// but for one: istiod selects workloads by their labels and namespaces by
// theirs, never a PeerAuthentication or DestinationRule by its own, and
// neither does the model (TestIstioConfigLabelsAreNotRead holds it to
// that). The one is istio.io/rev: istiod takes a config object that has
// it only when it names istiod's own revision (pilot/pkg/config/kube/
// crdclient, objectInRevision), so a change of it is evaluated. The other
// labels are what Helm, Argo CD and Flux rewrite on every upgrade: a
// chart's version label on the mesh-wide PeerAuthentication would
// otherwise be evaluated against the whole cluster.
//
// Left out are the kinds whose labels Istio reads: a WorkloadEntry's and
// a WorkloadGroup's are what a ServiceEntry's workloadSelector selects,
// and a ServiceEntry's istio.io/use-waypoint label sends its traffic
// through a waypoint in ambient mode (which the model does not follow
// yet; the day it does, a label change there must be evaluated).
var labelsSelectIt = map[string]bool{"WorkloadEntry": true, "WorkloadGroup": true, "ServiceEntry": true}

// revisionLabel is the label by which istiod filters config.
const revisionLabel = "istio.io/rev"

// inertSkip begins the Skipped reason of an inert change.
const inertSkip = "only the labels of "

// inert says whether the change is an UPDATE of Istio configuration that
// alters its labels alone (and what the API server maintains:
// resourceVersion, generation, managedFields).
func inert(c *change) bool {
	if c.req.Operation != Update || c.old == nil || c.new == nil || !isIstio(c.new.APIVersion) || labelsSelectIt[c.new.Kind] {
		return false
	}
	return c.old.APIVersion == c.new.APIVersion && reflect.DeepEqual(unlabelled(c.old), unlabelled(c.new))
}

// unlabelled is o's body without its labels (but istio.io/rev) and the
// fields the API server maintains; o is left as is.
func unlabelled(o *manifest.Object) map[string]any {
	body := maps.Clone(o.Body)
	meta, _ := body["metadata"].(map[string]any)
	meta = maps.Clone(meta)
	rev, revSet := o.Labels()[revisionLabel]
	for _, k := range []string{"labels", "resourceVersion", "generation", "managedFields"} {
		delete(meta, k)
	}
	if revSet {
		meta["labels"] = map[string]any{revisionLabel: rev}
	}
	body["metadata"] = meta
	return body
}
