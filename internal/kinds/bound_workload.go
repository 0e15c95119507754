package kinds

import "github.com/meshlint/meshlint/internal/mesh"

// What the model never reads of a workload (internal/mesh workload.go
// newWorkload, newContainer; injector.go; ambient.go): how it is
// scheduled, sized, probed, secured and rolled out. A real Deployment's
// body is mostly these (resources, probes, affinity, tolerations, a
// security context: a dozen small maps of about 350 bytes each), so the
// informers drop them. TestBoundChangesNoVerdict holds every rule fixture
// and field-report stack to the same findings once bound.
var (
	// unreadController: beside the pod template (a CronJob's job
	// template's spec too).
	unreadController = []string{"selector", "manualSelector", "strategy", "updateStrategy", "revisionHistoryLimit",
		"progressDeadlineSeconds", "minReadySeconds", "volumeClaimTemplates", "podManagementPolicy",
		"persistentVolumeClaimRetentionPolicy", "ordinals", "backoffLimit", "backoffLimitPerIndex", "podFailurePolicy",
		"successPolicy", "ttlSecondsAfterFinished", "activeDeadlineSeconds"}
	// unreadPod: of a pod spec (hostNetwork, serviceAccountName, volumes,
	// containers and initContainers are read).
	unreadPod = []string{"affinity", "tolerations", "topologySpreadConstraints", "nodeSelector", "securityContext",
		"imagePullSecrets", "terminationGracePeriodSeconds", "priorityClassName", "priority", "preemptionPolicy",
		"schedulerName", "dnsConfig", "readinessGates", "overhead", "runtimeClassName", "resourceClaims",
		"schedulingGates", "activeDeadlineSeconds", "resources"}
	// unreadContainer: of each container (name, image, command, args,
	// env, envFrom, ports and volumeMounts are read).
	unreadContainer = []string{"resources", "livenessProbe", "readinessProbe", "startupProbe", "securityContext",
		"lifecycle", "terminationMessagePath", "terminationMessagePolicy", "imagePullPolicy", "resizePolicy"}
)

// boundWorkload drops from obj, of kind, what the model never reads.
func boundWorkload(obj map[string]any, kind string) {
	path, ok := mesh.PodTemplatePath(kind)
	if !ok {
		return
	}
	holder := obj // the map that holds the pod template
	for _, p := range path[:max(len(path)-1, 0)] {
		holder, _ = holder[p].(map[string]any)
	}
	tmpl := holder
	if len(path) > 0 {
		tmpl, _ = holder["template"].(map[string]any)
		deleteKeys(holder, unreadController)
	}
	spec, _ := tmpl["spec"].(map[string]any)
	deleteKeys(spec, unreadPod)
	for _, list := range []string{"containers", "initContainers"} {
		cs, _ := spec[list].([]any)
		for _, c := range cs {
			cm, _ := c.(map[string]any)
			deleteKeys(cm, unreadContainer)
		}
	}
}

func deleteKeys(m map[string]any, keys []string) {
	for _, k := range keys {
		delete(m, k)
	}
}
