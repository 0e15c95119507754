package mesh

import "github.com/meshlint/meshlint/internal/manifest"

// kindCounts size the model's indexes.
type kindCounts struct{ namespaces, services, configMaps, workloads int }

// countKinds counts what the indexes hold: Services, ConfigMaps,
// workloads, and the namespaces declared (at least as many as objects
// name, in a cluster's state).
func countKinds(objs []*manifest.Object) kindCounts {
	var n kindCounts
	for _, o := range objs {
		switch {
		case o.Kind == "Namespace":
			n.namespaces++
		case o.Kind == "Service":
			n.services++
		case o.Kind == "ConfigMap":
			n.configMaps++
		case IsWorkloadKind(o.Kind):
			n.workloads++
		}
	}
	return n
}
