package mesh

import (
	"strings"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/podfs"
)

// Workload is one pod template (a Pod, or the template of a controller).
type Workload struct {
	Obj           *manifest.Object
	Ref           manifest.Ref
	Namespace     string
	Labels        map[string]string // pod template labels
	Annotations   map[string]string // pod template annotations
	Containers    []Container
	ConfigMaps    []string       // names of ConfigMaps mounted as volumes
	Volumes       []podfs.Volume // the pod's volumes, with their ConfigMap sources
	HostNetwork   bool
	NativeSidecar bool // istio-proxy as an init container

	Meshed       bool
	MeshedReason string    // why, for evidence
	MeshedKnown  bool      // false when it rests on an undeclared namespace
	Dataplane    Dataplane // how it takes part in the mesh (inject.go dataplane); Meshed is DataplaneSidecar

	Inbound    InboundCapture
	Outbound   OutboundCapture
	Controller *IngressController // set when the workload is an ingress controller

	templatePath   []string // path of the pod template in body(Obj)
	serviceAccount string   // the pod's (ServiceAccount)
	labelsLine     int      // of the pod template's labels, for the facts (read as built: body.go)
	containersLine int      // of the pod template's containers, where its hops are (read as built)
}

// Container is what the model reads of a container.
type Container struct {
	Name  string
	Image string
	Ports []ContainerPort
	Env   []EnvVar
	Args  []string // command then args, as the runtime joins them
	Index int
	// Command and CmdArgs are the container's own command and args (each
	// nil when unset: the image's ENTRYPOINT / CMD then apply).
	Command, CmdArgs []string
	Mounts           []podfs.Mount // volumeMounts
}

// ContainerPort is a declared container port.
type ContainerPort struct {
	Name     string
	Port     int
	Protocol string
}

// EnvVar is a literal env value or a reference to a ConfigMap key.
type EnvVar struct {
	Name, Value      string
	ConfigMap, CMKey string
	Index            int
}

// podTemplatePaths lists where each workload kind keeps its pod template.
var podTemplatePaths = map[string][]string{
	"Pod":                   nil,
	"Deployment":            {"spec", "template"},
	"StatefulSet":           {"spec", "template"},
	"DaemonSet":             {"spec", "template"},
	"ReplicaSet":            {"spec", "template"},
	"ReplicationController": {"spec", "template"},
	"Job":                   {"spec", "template"},
	"CronJob":               {"spec", "jobTemplate", "spec", "template"},
}

// IsWorkloadKind reports whether kind carries a pod template.
func IsWorkloadKind(kind string) bool {
	_, ok := podTemplatePaths[kind]
	return ok
}

// PodLabels are the pod labels the model reads of a workload object
// (its pod template's, newWorkload's Labels) as the object holds them,
// without a copy: nil for other kinds and for none. SelectsPod matches
// them.
func PodLabels(o *manifest.Object) map[string]any {
	labels := mapAt(podTemplate(o), "metadata", "labels")
	if len(labels) == 0 {
		return nil
	}
	return labels
}

// SelectsPod is Selects on labels as PodLabels gives them: each value
// read as the model reads it (stringMap).
func SelectsPod(sel map[string]string, labels map[string]any) bool {
	for k, v := range sel {
		if lv, ok := labels[k]; !ok || scalarString(lv) != v {
			return false
		}
	}
	return true
}

// podTemplate is a workload object's pod template (a Pod's own body),
// nil for other kinds.
func podTemplate(o *manifest.Object) map[string]any {
	path, ok := podTemplatePaths[o.Kind]
	if !ok {
		return nil
	}
	return mapAt(body(o), path...)
}

func newWorkload(o *manifest.Object, ns string) *Workload {
	tmpl := podTemplate(o)
	w := &Workload{Obj: o, Ref: o.Ref(), Namespace: ns, templatePath: podTemplatePaths[o.Kind]}
	w.Ref.Namespace = ns
	w.Labels = stringMap(mapAt(tmpl, "metadata", "labels"))
	w.Annotations = stringMap(mapAt(tmpl, "metadata", "annotations"))
	spec := mapAt(tmpl, "spec")
	w.HostNetwork, _ = spec["hostNetwork"].(bool)
	w.serviceAccount = podServiceAccount(spec)
	for i, c := range listAt(spec, "containers") {
		if cm, ok := c.(map[string]any); ok {
			w.Containers = append(w.Containers, newContainer(cm, i))
		}
	}
	// A native sidecar is an init container named istio-proxy
	// (Istio: analyzers/util/in_mesh.go PodInMesh checks init containers too).
	for _, c := range listAt(spec, "initContainers") {
		if strAt(asMap(c), "name") == "istio-proxy" {
			w.NativeSidecar = true
		}
	}
	w.ConfigMaps = mountedConfigMaps(spec)
	w.Volumes = podVolumes(spec)
	w.labelsLine = w.TemplateLine("metadata", "labels")
	w.containersLine = w.TemplateLine("spec", "containers")
	return w
}

func newContainer(c map[string]any, idx int) Container {
	out := Container{Name: strAt(c, "name"), Image: strAt(c, "image"), Index: idx}
	for _, p := range listAt(c, "ports") {
		pm, _ := p.(map[string]any)
		n, ok := intAt(pm, "containerPort")
		if ok {
			out.Ports = append(out.Ports, ContainerPort{Name: strAt(pm, "name"), Port: n, Protocol: strAt(pm, "protocol")})
		}
	}
	for i, e := range listAt(c, "env") {
		em, _ := e.(map[string]any)
		out.Env = append(out.Env, EnvVar{Name: strAt(em, "name"), Value: strAt(em, "value"),
			ConfigMap: strAt(em, "valueFrom", "configMapKeyRef", "name"),
			CMKey:     strAt(em, "valueFrom", "configMapKeyRef", "key"), Index: i})
	}
	for i, e := range listAt(c, "envFrom") {
		em, _ := e.(map[string]any)
		if name := strAt(em, "configMapRef", "name"); name != "" {
			out.Env = append(out.Env, EnvVar{ConfigMap: name, Index: -1 - i})
		}
	}
	out.Args = append(stringList(listAt(c, "command")), stringList(listAt(c, "args"))...)
	out.Command, out.CmdArgs = optStrings(c, "command"), optStrings(c, "args")
	out.Mounts = volumeMounts(c)
	return out
}

// mountedConfigMaps lists ConfigMaps mounted as volumes, directly or through
// a projected volume.
func mountedConfigMaps(spec map[string]any) []string {
	var out []string
	for _, v := range listAt(spec, "volumes") {
		vm, _ := v.(map[string]any)
		if name := strAt(vm, "configMap", "name"); name != "" {
			out = append(out, name)
		}
		for _, s := range listAt(vm, "projected", "sources") {
			sm, _ := s.(map[string]any)
			if name := strAt(sm, "configMap", "name"); name != "" {
				out = append(out, name)
			}
		}
	}
	return out
}

// TemplateLine is the line of a field of the pod template (metadata, spec...).
func (w *Workload) TemplateLine(path ...string) int {
	return w.Obj.FieldLine(append(append([]string{}, w.templatePath...), path...)...)
}

// ImageRepo is the image without registry tag or digest: "docker.io/library/mysql:8" -> "library/mysql".
func ImageRepo(image string) string {
	if i := strings.Index(image, "@"); i >= 0 {
		image = image[:i]
	}
	if i := strings.LastIndex(image, ":"); i > strings.LastIndex(image, "/") {
		image = image[:i]
	}
	if i := strings.Index(image, "/"); i > 0 && strings.ContainsAny(image[:i], ".:") {
		image = image[i+1:]
	}
	return image
}
