// Package cluster loads, read-only, the objects the model reads from a
// live cluster: the CLI's `meshlint lint --cluster`. Every kind the
// webhook watches (kinds.Watched) is listed, cluster-wide, page by page,
// and each object is reduced as the webhook's cache reduces it
// (kinds.Bound): the model then reads the cluster the way it reads files.
package cluster

import (
	"context"
	"slices"
	"strings"

	"k8s.io/client-go/rest"

	"github.com/meshlint/meshlint/internal/kinds"
	"github.com/meshlint/meshlint/internal/manifest"
)

// DefaultRootNamespace is Istio's root namespace (meshConfig.rootNamespace
// defaults to the control plane's namespace): its policies apply mesh-wide.
const DefaultRootNamespace = "istio-system"

// Options say which cluster to read and what to report on.
type Options struct {
	Kubeconfig string // "" = standard loading rules (KUBECONFIG, ~/.kube/config), in-cluster config as a fallback
	Context    string // kubeconfig context; "" = current
	// Namespace "" reports on all namespaces; else only on this one. The
	// whole cluster is read either way: the root namespace's policies, the
	// ingress controller's namespace and the Namespace labels decide what
	// happens in this one.
	Namespace string
	// RootNamespace is Istio's root namespace, read along with Namespace
	// when cluster-wide lists are forbidden; "" = DefaultRootNamespace.
	RootNamespace string
	Config        *rest.Config // when set (tests: envtest's), Kubeconfig and Context are ignored
	// Listed, when set, is called after each kind is read with the
	// kinds read so far, of how many, and the objects so far (the CLI's
	// progress line).
	Listed func(kind string, kinds, of, objects int)
}

// Result is what was read.
type Result struct {
	Objects []*manifest.Object // in kinds.Watched order, then namespace, name; File "" and Line 0
	Notices []string           // what could not be read, and why (CRDs not installed, RBAC)
}

// Reports is the namespace filter for findings: with a Namespace set,
// only findings on objects in it, and on the Namespace object itself.
func (o Options) Reports(ref manifest.Ref) bool {
	switch {
	case o.Namespace == "":
		return true
	case ref.Kind == "Namespace":
		return ref.Name == o.Namespace
	}
	return ref.Namespace == o.Namespace
}

func (o Options) root() string {
	if o.RootNamespace == "" {
		return DefaultRootNamespace
	}
	return o.RootNamespace
}

// Load lists every kind the model reads. A kind the API server does not
// serve (Istio's CRDs not installed) and a cluster-wide list that RBAC
// forbids (with a Namespace to fall back to) are Notices; any other API
// error is an error naming the kind.
func Load(ctx context.Context, opts Options) (*Result, error) {
	cfg, err := opts.restConfig()
	if err != nil {
		return nil, err
	}
	l, err := newLister(cfg, opts)
	if err != nil {
		return nil, err
	}
	res := &Result{}
	for i, gvk := range kinds.Watched {
		objs, err := l.kind(ctx, gvk)
		if err != nil {
			return nil, err
		}
		res.Objects = append(res.Objects, objs...)
		if opts.Listed != nil {
			opts.Listed(gvk.Kind, i+1, len(kinds.Watched), len(res.Objects))
		}
	}
	sortObjects(res.Objects)
	res.Notices = l.notices()
	if opts.Namespace != "" && !holds(res.Objects, opts.Namespace) {
		res.Notices = append(res.Notices, "namespace "+opts.Namespace+": nothing read (no such namespace, or none of it readable)")
	}
	return res, nil
}

// holds reports whether objs have ns or anything in it.
func holds(objs []*manifest.Object, ns string) bool {
	for _, o := range objs {
		if o.Namespace == ns || (o.Kind == "Namespace" && o.Name == ns) {
			return true
		}
	}
	return false
}

// sortObjects orders objs by kind (kinds.Watched order), namespace, name,
// and numbers them: Index stands in for input order where the model needs
// one (configs without creationTimestamp; every live object has one).
func sortObjects(objs []*manifest.Object) {
	rank := map[string]int{}
	for i, gvk := range kinds.Watched {
		rank[gvk.Kind] = i
	}
	slices.SortStableFunc(objs, func(a, b *manifest.Object) int {
		if d := rank[a.Kind] - rank[b.Kind]; d != 0 {
			return d
		}
		if d := strings.Compare(a.Namespace, b.Namespace); d != 0 {
			return d
		}
		return strings.Compare(a.Name, b.Name)
	})
	for i, o := range objs {
		o.Index = i
	}
}
