package mesh

import (
	"sort"
	"strconv"

	"github.com/meshlint/meshlint/internal/manifest"
)

// PeerAuth is a PeerAuthentication with its bucket.
type PeerAuth struct {
	Obj       *manifest.Object
	Ref       manifest.Ref
	Namespace string
	Selector  map[string]string // nil: no selector
	Mode      string            // STRICT | PERMISSIVE | DISABLE | "" (UNSET)
	PortModes map[int]string    // portLevelMtls, keyed by container port
	Created   string            // creationTimestamp, when the manifest has it

	Scope         string // mesh | namespace | workload | ignored
	Ignored       bool
	IgnoredReason string
	Winner        *PeerAuth // the policy that wins over an ignored one

	modeLine  int              // of spec.mtls.mode (read as built: body.go)
	portLines map[int]portLine // of each portLevelMtls entry
}

// portLine is where a portLevelMtls entry is written: its key, its mode.
type portLine struct{ entry, mode int }

func newPeerAuth(o *manifest.Object, ns string) *PeerAuth {
	pa := &PeerAuth{Obj: o, Ref: o.Ref(), Namespace: ns,
		Created: strAt(body(o), "metadata", "creationTimestamp")}
	pa.Ref.Namespace = ns
	// An empty matchLabels counts as no selector (Istio:
	// pilot/pkg/model/authentication.go, len(MatchLabels) == 0).
	pa.Selector = stringMap(mapAt(body(o), "spec", "selector", "matchLabels"))
	pa.Mode = normMode(strAt(body(o), "spec", "mtls", "mode"))
	pa.modeLine = o.FieldLine("spec", "mtls", "mode")
	for k, v := range mapAt(body(o), "spec", "portLevelMtls") {
		n, err := strconv.Atoi(k)
		vm, _ := v.(map[string]any)
		if err == nil {
			if pa.PortModes == nil {
				pa.PortModes, pa.portLines = map[int]string{}, map[int]portLine{}
			}
			pa.PortModes[n] = normMode(strAt(vm, "mode"))
			at := strconv.Itoa(n) // the path PeerAuthMode and the facts name the entry by
			pa.portLines[n] = portLine{o.FieldLine("spec", "portLevelMtls", at), o.FieldLine("spec", "portLevelMtls", at, "mode")}
		}
	}
	return pa
}

// setsMode: the policy decides the mode at its level (PeerAuthMode);
// an unset mode inherits the level above.
func (pa *PeerAuth) setsMode() bool { return pa.Mode != "" }

// NamespaceWidePeerAuth says whether o is a PeerAuthentication the model
// reads without a selector (namespace-wide, or mesh-wide in the root
// namespace) and whether it sets a mode. It reads o as the model does:
// as stored (asStored), so a policy the API server refuses is none, and
// a stored copy's fields are the ones read. A namespace whose
// namespace-wide policies all set a mode never reads the mesh-wide
// policy: in PeerAuthMode the namespace level overrides it for every
// workload there, and only workload policies of that namespace come
// after it. Admission scopes a change of the mesh-wide policy by it
// (admission/scope_meshwide.go).
func NamespaceWidePeerAuth(o *manifest.Object) (wide, setsMode bool) {
	stored := storedAs(o, "PeerAuthentication")
	if stored == nil {
		return false, false
	}
	pa := newPeerAuth(stored, NamespaceOf(o))
	return pa.Selector == nil, pa.setsMode()
}

func normMode(s string) string {
	if s == "UNSET" {
		return ""
	}
	return s
}

// bucketPeerAuths sorts policies into Istio's buckets.
// Istio: pilot/pkg/model/authentication.go (root namespace + no selector =
// mesh; other namespace + no selector = namespace; selector outside the
// root namespace = workload; selector in the root namespace is dropped)
// and, within a bucket, the oldest wins (getMostSpecificConfig / creation
// time, then name). In files without creation times, input order stands in.
func (m *Model) bucketPeerAuths() {
	winners := map[string]*PeerAuth{}
	ordered := append([]*PeerAuth(nil), m.PeerAuths...)
	sort.SliceStable(ordered, func(i, j int) bool { return older(ordered[i], ordered[j]) })
	for _, pa := range ordered {
		root := pa.Namespace == m.Settings.RootNamespace
		switch {
		case pa.Selector != nil && root:
			pa.Scope, pa.Ignored = "ignored", true
			pa.IgnoredReason = "it has a selector in the root namespace " + pa.Namespace + ", where Istio ignores workload policies"
			continue
		case pa.Selector != nil:
			pa.Scope = "workload"
			continue
		case root:
			pa.Scope = "mesh"
		default:
			pa.Scope = "namespace"
		}
		key := pa.Scope + "/" + pa.Namespace
		if w := winners[key]; w != nil {
			pa.Ignored, pa.Winner = true, w
			pa.IgnoredReason = "a " + pa.Scope + "-wide PeerAuthentication already exists (" + w.Ref.String() + "); Istio uses the oldest and ignores this one"
			continue
		}
		winners[key] = pa
	}
}

func older(a, b *PeerAuth) bool {
	return olderMeta(a.Created, a.Ref.Name, a.Namespace, a.Obj.Index, b.Created, b.Ref.Name, b.Namespace, b.Obj.Index)
}

// ServerMode is the mTLS mode a workload's container port accepts and the
// policy (and line) that decided it.
type ServerMode struct {
	Mode   string // STRICT | PERMISSIVE | DISABLE
	Policy *PeerAuth
	Line   int
}

// PeerAuthMode composes the mode for container port on w.
// Istio: pilot/pkg/security/authn/policy_applier.go ComposePeerAuthentication:
// start PERMISSIVE; mesh, then namespace, then workload override when their
// mode is set; a workload's portLevelMtls entry overrides for that port
// (UNSET entries inherit the workload level).
func (m *Model) PeerAuthMode(w *Workload, port int) ServerMode {
	out := ServerMode{Mode: "PERMISSIVE"}
	var ws *PeerAuth
	apply := func(pa *PeerAuth) {
		if pa != nil && pa.setsMode() {
			out = ServerMode{Mode: pa.Mode, Policy: pa, Line: pa.modeLine}
		}
	}
	apply(m.scopeWinner("mesh", m.Settings.RootNamespace))
	apply(m.scopeWinner("namespace", w.Namespace))
	for _, pa := range m.paByNS[w.Namespace] {
		if pa.Scope == "workload" && selectsAll(pa.Selector, w.Labels) && (ws == nil || older(pa, ws)) {
			ws = pa
		}
	}
	apply(ws)
	if ws != nil {
		if pm, ok := ws.PortModes[port]; ok && pm != "" {
			out = ServerMode{Mode: pm, Policy: ws, Line: ws.portLines[port].mode}
		}
	}
	return out
}

func (m *Model) scopeWinner(scope, ns string) *PeerAuth {
	for _, pa := range m.paByNS[ns] {
		if pa.Scope == scope && !pa.Ignored {
			return pa
		}
	}
	return nil
}

// selectsAll is label selection where an empty selector selects everything
// (Istio's workload selector semantics).
func selectsAll(sel, labels map[string]string) bool {
	for k, v := range sel {
		if lv, ok := labels[k]; !ok || lv != v {
			return false
		}
	}
	return true
}
