package cluster

import (
	"fmt"
	"strings"

	"k8s.io/apimachinery/pkg/runtime/schema"
)

// skipped is what could not be read, in kind order, for the Notices.
type skipped struct {
	noCRD   []string // Istio kinds the API server does not serve
	noServe []string // other kinds it does not serve, with their version
	noList  []string // cluster-scoped kinds whose list RBAC forbids
	// kinds whose list RBAC forbids and the model stands in for (standsIn)
	noInstall []string
	// optional kinds (kinds.Optional) whose cluster-wide list RBAC
	// forbids: a role written before the model read them
	noOptional []string
	where      map[string]*scope // kinds read in some namespaces only, by where
	order      []string          // where's keys, first seen first
}

// scope is where some kinds were read instead of everywhere.
type scope struct {
	kinds, read, denied []string
}

func (s *skipped) unserved(gvk schema.GroupVersionKind) {
	if strings.HasSuffix(gvk.Group, ".istio.io") {
		s.noCRD = append(s.noCRD, gvk.Kind)
		return
	}
	s.noServe = append(s.noServe, fmt.Sprintf("%s (%s)", gvk.Kind, gvk.GroupVersion()))
}

func (s *skipped) unlisted(gvk schema.GroupVersionKind) { s.noList = append(s.noList, gvk.Kind) }

func (s *skipped) narrowed(gvk schema.GroupVersionKind, read, denied []string) {
	key := strings.Join(read, ",") + "/" + strings.Join(denied, ",")
	if s.where == nil {
		s.where = map[string]*scope{}
	}
	if s.where[key] == nil {
		s.where[key] = &scope{read: read, denied: denied}
		s.order = append(s.order, key)
	}
	s.where[key].kinds = append(s.where[key].kinds, gvk.Kind)
}

func (s *skipped) notices() []string {
	var out []string
	if len(s.noCRD) > 0 {
		out = append(out, "Istio CRDs not installed: no "+strings.Join(s.noCRD, ", ")+" read")
	}
	if len(s.noServe) > 0 {
		out = append(out, "not served by the API server: no "+strings.Join(s.noServe, ", ")+" read")
	}
	for _, key := range s.order {
		out = append(out, "cluster-wide list forbidden: "+s.where[key].String())
	}
	if len(s.noList) > 0 {
		out = append(out, "cluster-wide list forbidden: no "+strings.Join(s.noList, ", ")+" read (cluster-scoped)")
	}
	if len(s.noInstall) > 0 {
		out = append(out, "list forbidden: no "+strings.Join(s.noInstall, ", ")+
			" read: who has a sidecar follows the webhooks of Istio's chart, not the cluster's")
	}
	if len(s.noOptional) > 0 {
		out = append(out, "list forbidden: no "+strings.Join(s.noOptional, ", ")+
			" read: the hops of gateways and other ingress controllers are not judged (grant list on them, as the chart's ClusterRole does)")
	}
	return out
}

func (sc *scope) String() string {
	kinds := strings.Join(sc.kinds, ", ")
	switch {
	case len(sc.read) == 0:
		return "no " + kinds + " read (forbidden in " + strings.Join(sc.denied, ", ") + " too)"
	case len(sc.denied) == 0:
		return kinds + " read only in " + plural("namespace", sc.read)
	}
	return kinds + " read only in " + plural("namespace", sc.read) + " (forbidden in " + strings.Join(sc.denied, ", ") + " too)"
}

func plural(noun string, names []string) string {
	if len(names) == 1 {
		return noun + " " + names[0]
	}
	return noun + "s " + strings.Join(names, ", ")
}
