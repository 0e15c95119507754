// Package mesh is the model of an Istio mesh behind nginx that the rules
// read: mesh membership, Service protocols, PeerAuthentication and
// DestinationRule composition, nginx Host resolution and, from them, hops.
// The semantics follow docs/mesh-semantics.md; each function cites the Istio or
// nginx source it models.
package mesh

import (
	"context"
	"sort"
	"strings"

	"github.com/meshlint/meshlint/internal/manifest"
)

// Model is the indexed view of a set of objects.
type Model struct {
	Settings Settings

	Namespaces     map[string]*Namespace
	Workloads      []*Workload
	Services       []*Service
	ConfigMaps     map[nsName]*manifest.Object
	Ingresses      []*Ingress
	IngressClasses map[string]*IngressClass
	PeerAuths      []*PeerAuth
	DestRules      []*DestRule
	VirtualSvcs    []*VirtualService
	AuthzPolicies  []*AuthzPolicy
	ServiceEntries []*ServiceEntry
	Sidecars       []*SidecarRes
	sidecarsByNS   map[string][]*SidecarRes
	gatewayAPI     // Gateway API objects (gatewayindex.go)
	Objects        []*manifest.Object

	Hops     []*Hop
	Problems []Problem // input problems found while modelling (nginx syntax...)
	Notes    []Problem // what the model could not decide, for --explain

	Schema []SchemaIssue // Istio fields the API server drops or refuses (schema.go)

	svcByName   map[nsName]*Service
	svcByIP     map[string]*Service
	wlByNS      map[string][]*Workload
	svcByNS     map[string][]*Service
	drByNS      map[string][]*DestRule
	paByNS      map[string][]*PeerAuth
	apByNS      map[string][]*AuthzPolicy
	waypoints   map[nsName]*Waypoint
	nsWithObjs  map[string]bool
	svcPorts    map[*Workload][]boundPort
	nginxCfgs   nginxIndex
	meshedNS    []string
	controllers []*Workload
	vendorObjs  map[string][]*manifest.Object // F5 and Traefik route objects by kind (vendorKind)
	vsByHost    map[string][]*VirtualService
	vsWildcard  []*VirtualService
	drByHost    map[string][]*DestRule
	drIx        *drIndex
	callers     callers
	hopsVia     map[*manifest.Object][]*Hop
	incoming    map[*Workload][]string
	incomingAny map[*Workload]bool
	nginxCalls  map[*Workload][]nginxCall // forwarded_calls.go
	injectors   *injectors                // the sidecar injection install (injector_load.go)
	enablement  *cniEnablement            // the ambient enablement of the install (ambient_cni.go)
	ctx         context.Context           // BuildContext's; the build stops when it is done (buildctx.go)
	cache       *Cache                    // BuildCached's (nil: none)

	install *istiodInstall // the control plane the inputs show (istiod.go)
	revised []revised      // Istio objects labelled istio.io/rev (istiod_unread.go)
}

type nsName struct{ ns, name string }

// Problem is an input problem the model found, with its position.
type Problem struct {
	Object *manifest.Object
	Line   int
	Msg    string
}

func (m *Model) note(o *manifest.Object, line int, msg string) {
	m.Notes = append(m.Notes, Problem{Object: o, Line: line, Msg: msg})
}

// clusterScoped kinds have no namespace. A switch, not a map: NamespaceOf
// runs for every object in every stage of a build.
func clusterScoped(kind string) bool {
	switch kind {
	case "Namespace", "IngressClass", "ClusterRole", "ClusterRoleBinding",
		"CustomResourceDefinition", "MutatingWebhookConfiguration",
		"ValidatingWebhookConfiguration", "PersistentVolume", "StorageClass",
		"PriorityClass", "Node", "GatewayClass":
		return true
	}
	return false
}

// Build indexes objs and derives every fact the rules read.
func Build(objs []*manifest.Object, s Settings) *Model {
	m, _ := BuildContext(context.Background(), objs, s) // never done: never an error
	return m
}

// BuildContext is Build that gives up when ctx is done: it checks ctx
// between objects, workloads and stages, and before every nginx file it
// parses, and then returns ctx's error and no model.
func BuildContext(ctx context.Context, objs []*manifest.Object, s Settings) (*Model, error) {
	return BuildCached(ctx, objs, s, nil)
}

// BuildCached is BuildContext taking what cache (nil: none) kept of the
// objects from earlier builds, and keeping what this one constructs.
func BuildCached(ctx context.Context, objs []*manifest.Object, s Settings, cache *Cache) (*Model, error) {
	return BuildWith(ctx, objs, s, BuildOptions{Cache: cache})
}

// BuildOptions tune BuildWith.
type BuildOptions struct {
	Cache *Cache // what objects made in earlier builds (nil: none)
	// Release is for a caller that reads nothing of the objects' bodies
	// once the model is built (validate.Validator.LintReleasing): the
	// bodies of the objects the constructors made something of, metadata
	// included, are released as soon as every object is added
	// (manifest.Object.ReleaseMetadata), since no later stage reads them,
	// so the model is linked and routed beside what is left of the
	// manifests (their positions stay: later stages read lines of the
	// objects not constructed). With a Preparer's cache (Preparer), those
	// constructed were released as they loaded, positions included. Once the
	// hops are built, the nginx configurations they were read from are
	// let go too (NginxConfigs and NginxConfigsOf then hold none): the
	// facts read the hops, and the rules run beside the model alone (a
	// sixth of what is live while they run).
	Release bool
}

// BuildWith is BuildContext with options.
func BuildWith(ctx context.Context, objs []*manifest.Object, s Settings, opts BuildOptions) (*Model, error) {
	cache := opts.Cache
	if err := cache.claim(s.ClusterDomain); err != nil {
		return nil, err
	}
	objs, schema := asStored(objs, cache)
	n := countKinds(objs) // the indexes sized once, not grown object by object
	m := &Model{Schema: schema, Settings: s, Objects: objs, ctx: ctx, cache: cache,
		Namespaces: make(map[string]*Namespace, n.namespaces), ConfigMaps: make(map[nsName]*manifest.Object, n.configMaps),
		IngressClasses: map[string]*IngressClass{}, svcByName: make(map[nsName]*Service, n.services),
		svcByIP: make(map[string]*Service, n.services), wlByNS: make(map[string][]*Workload, n.namespaces),
		svcByNS: make(map[string][]*Service, n.namespaces), drByNS: map[string][]*DestRule{},
		paByNS: map[string][]*PeerAuth{}, apByNS: map[string][]*AuthzPolicy{}, waypoints: map[nsName]*Waypoint{},
		nsWithObjs: make(map[string]bool, n.namespaces),
		svcPorts:   make(map[*Workload][]boundPort, n.workloads)}
	for _, o := range objs {
		if o.Kind == "Namespace" {
			ns := m.namespace(o.Name)
			ns.Declared, ns.Obj = true, o
			ns.Labels = stringMap(mapAt(body(o), "metadata", "labels"))
			m.nsWithObjs[o.Name] = true
		}
	}
	if opts.Release {
		m.cache = nil // nothing kept for later builds (a Preparer's cache, nginxcache.go)
	}
	pre := prebuild(objs, s.ClusterDomain, cache)
	for i, o := range objs {
		if m.stoppedAt(i) {
			return nil, ctx.Err()
		}
		m.add(o, pre[i])
	}
	if opts.Release {
		m.releaseConstructed(objs, pre)
	}
	for _, stage := range []func(){m.link, m.buildHops, m.noteUnread} {
		if m.stopped() {
			return nil, ctx.Err()
		}
		stage()
	}
	if opts.Release {
		m.nginxCfgs = nginxIndex{}
	}
	if m.stopped() {
		return nil, ctx.Err()
	}
	return m, nil
}

// NamespaceOf is the namespace an object lands in ("default" when omitted).
func NamespaceOf(o *manifest.Object) string {
	if clusterScoped(o.Kind) {
		return ""
	}
	if o.Namespace == "" {
		return "default"
	}
	return o.Namespace
}

// add registers o; pre is what prebuild constructed of it (nil: nothing),
// which stands in for the constructor's call.
func (m *Model) add(o *manifest.Object, pre any) {
	ns := NamespaceOf(o)
	if ns != "" {
		m.nsWithObjs[ns] = true
		m.namespace(ns)
	}
	if isIstioGroup(o.APIVersion) {
		m.keepRevision(o)
	}
	switch {
	case IsWorkloadKind(o.Kind) && !isIstioGroup(o.APIVersion):
		w, ok := pre.(*Workload)
		if !ok {
			w = newWorkload(o, ns)
		}
		m.Workloads = append(m.Workloads, w)
		m.wlByNS[ns] = append(m.wlByNS[ns], w)
	case o.Kind == "Service" && o.APIVersion == "v1":
		s, ok := pre.(*Service)
		if !ok {
			s = newService(o, ns)
		}
		m.Services = append(m.Services, s)
		m.svcByNS[ns] = append(m.svcByNS[ns], s)
		if _, dup := m.svcByName[nsName{ns, s.Name}]; !dup {
			m.svcByName[nsName{ns, s.Name}] = s
		}
		for _, ip := range s.ClusterIPs {
			m.svcByIP[ip] = s
		}
	case o.Kind == "ConfigMap" && o.APIVersion == "v1":
		m.ConfigMaps[nsName{ns, o.Name}] = o
	default:
		m.addNetworking(o, ns, pre)
	}
}

func (m *Model) addNetworking(o *manifest.Object, ns string, pre any) {
	switch {
	case o.Kind == "Ingress" && strings.HasPrefix(o.APIVersion, "networking.k8s.io/"):
		in, ok := pre.(*Ingress)
		if !ok {
			in = newIngress(o, ns)
		}
		m.Ingresses = append(m.Ingresses, in)
	case isWaypointGateway(o):
		m.waypoints[nsName{ns, o.Name}] = newWaypoint(o, ns)
	case vendorKind(o):
		if m.vendorObjs == nil {
			m.vendorObjs = map[string][]*manifest.Object{}
		}
		m.vendorObjs[o.Kind] = append(m.vendorObjs[o.Kind], o)
	case isGatewayAPIObject(o):
		m.addGatewayAPI(o, ns)
	case o.Kind == "IngressClass":
		// Not a ParseBool: the API server's DefaultIngressClass admission
		// takes the annotation as the exact string "true"
		// (plugin/pkg/admission/network/defaultingressclass).
		m.IngressClasses[o.Name] = &IngressClass{Obj: o, Name: o.Name, Controller: strAt(body(o), "spec", "controller"),
			Default: stringMap(mapAt(body(o), "metadata", "annotations"))["ingressclass.kubernetes.io/is-default-class"] == "true"}
	case !isIstioGroup(o.APIVersion):
	case o.Kind == "PeerAuthentication":
		pa, ok := pre.(*PeerAuth)
		if !ok {
			pa = newPeerAuth(o, ns)
		}
		m.PeerAuths = append(m.PeerAuths, pa)
		m.paByNS[ns] = append(m.paByNS[ns], pa)
	case o.Kind == "DestinationRule":
		dr, ok := pre.(*DestRule)
		if !ok {
			dr = newDestRule(o, ns, m.Settings.ClusterDomain)
		}
		m.DestRules = append(m.DestRules, dr)
		m.drByNS[ns] = append(m.drByNS[ns], dr)
	case o.Kind == "VirtualService":
		vs, ok := pre.(*VirtualService)
		if !ok {
			vs = newVirtualService(o, ns, m.Settings.ClusterDomain)
		}
		m.VirtualSvcs = append(m.VirtualSvcs, vs)
	case o.Kind == "AuthorizationPolicy":
		ap, ok := pre.(*AuthzPolicy)
		if !ok {
			ap = newAuthzPolicy(o, ns)
		}
		m.AuthzPolicies = append(m.AuthzPolicies, ap)
		m.apByNS[ns] = append(m.apByNS[ns], ap)
	case o.Kind == "ServiceEntry":
		m.ServiceEntries = append(m.ServiceEntries, m.newServiceEntry(o, ns))
	case o.Kind == "Sidecar":
		m.Sidecars = append(m.Sidecars, newSidecarRes(o, ns))
	}
}

func isIstioGroup(apiVersion string) bool {
	return strings.HasPrefix(apiVersion, "networking.istio.io/") || strings.HasPrefix(apiVersion, "security.istio.io/")
}

// link derives cross-object facts once every object is indexed.
func (m *Model) link() {
	for i, w := range m.Workloads {
		if m.stoppedAt(i) {
			return
		}
		m.decideMesh(w)
		w.Controller = detectController(w)
		if w.Controller != nil {
			m.controllers = append(m.controllers, w)
		}
	}
	m.readAnnotations()
	m.indexVirtualServices()
	m.indexSidecars()
	m.indexDestRules()
	m.clientNamespaces()
	m.drsFor("")
	for _, s := range m.Services {
		m.selectWorkloads(s)
		s.Waypoint = m.serviceWaypoint(s)
	}
	m.bucketPeerAuths()
}

func (m *Model) selectWorkloads(s *Service) {
	if len(s.Selector) == 0 {
		return
	}
	for _, w := range m.wlByNS[s.Namespace] {
		if selects(s.Selector, w.Labels) {
			s.Workloads = append(s.Workloads, w)
			for _, p := range s.Ports {
				if cp, ok := p.ContainerPort(w); ok {
					m.svcPorts[w] = append(m.svcPorts[w], boundPort{svc: s, port: p, container: cp})
				}
			}
		}
	}
}

// boundPort is a Service port that targets a container port of a workload.
type boundPort struct {
	svc       *Service
	port      ServicePort
	container int
}

// Service returns the Service ns/name.
func (m *Model) Service(ns, name string) *Service { return m.svcByName[nsName{ns, name}] }

func (m *Model) buildHops() {
	for _, stage := range []func(){m.indexIncoming, m.ingressHops, m.vendorHops, m.gatewayHops, m.nginxHops, m.appHops} {
		if m.stopped() {
			return
		}
		stage()
	}
	m.hopsVia = map[*manifest.Object][]*Hop{}
	for _, h := range m.Hops {
		m.hopsVia[h.Via] = append(m.hopsVia[h.Via], h)
	}
	m.indexCallers()
}

func sortedKeys[V any](mp map[string]V) []string {
	keys := make([]string, 0, len(mp))
	for k := range mp {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// HasNamespace reports whether the inputs hold the namespace (a Namespace
// object or any object in it).
func (m *Model) HasNamespace(ns string) bool { return m.nsWithObjs[ns] }

// releaseConstructed releases the bodies of the objects prebuild made
// something of, their labels and annotations too (the constructions
// keep what the model reads of them). The install of istiod is read first, from the containers
// of its Deployment. Tests fail a later read of a released body
// (validate TestReleasingTheBodiesChangesNoVerdict).
func (m *Model) releaseConstructed(objs []*manifest.Object, pre []any) {
	m.istiod()
	for i, o := range objs {
		if pre[i] != nil {
			o.ReleaseMetadata()
		}
	}
}
