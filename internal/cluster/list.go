package cluster

import (
	"context"
	"fmt"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/restmapper"

	"github.com/meshlint/meshlint/internal/kinds"
	"github.com/meshlint/meshlint/internal/manifest"
)

// pageSize bounds one list response: the Pods of a large cluster come in
// pages, each reduced (kinds.Bound) before the next is read. A variable so
// that a test can page through a handful of objects.
var pageSize int64 = 500

// lister reads the kinds one by one, with client-go's dynamic client (no
// informers, no cache: one pass), and remembers what it could not read.
type lister struct {
	dyn    dynamic.Interface
	mapper meta.RESTMapper
	opts   Options
	skipped
}

func newLister(cfg *rest.Config, opts Options) (*lister, error) {
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		return nil, fmt.Errorf("client for %s: %w", cfg.Host, err)
	}
	dc, err := discovery.NewDiscoveryClientForConfig(cfg)
	if err != nil {
		return nil, fmt.Errorf("client for %s: %w", cfg.Host, err)
	}
	// One discovery up front: the kinds the API server serves, the Istio
	// CRDs among them or not. A group that fails to answer (an aggregated
	// API down) leaves the others usable.
	groups, err := restmapper.GetAPIGroupResources(dc)
	if err != nil {
		return nil, fmt.Errorf("discover the API of %s: %w", cfg.Host, err)
	}
	return &lister{dyn: dyn, mapper: restmapper.NewDiscoveryRESTMapper(groups), opts: opts}, nil
}

// kind lists gvk cluster-wide; when RBAC forbids that and a namespace is
// audited, only in that namespace and the root namespace.
func (l *lister) kind(ctx context.Context, gvk schema.GroupVersionKind) ([]*manifest.Object, error) {
	m, err := l.mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
	if meta.IsNoMatchError(err) {
		// An optional kind not served has no objects to read: no notice.
		if !kinds.Optional(gvk) {
			l.unserved(gvk)
		}
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("find %s (%s) on the API server: %w", gvk.Kind, gvk.GroupVersion(), err)
	}
	objs, err := l.list(ctx, m.Resource, "")
	switch {
	case err == nil:
		return objs, nil
	case apierrors.IsForbidden(err) && standsIn(gvk):
		l.noInstall = append(l.noInstall, gvk.Kind)
		return nil, nil
	case apierrors.IsForbidden(err) && kinds.Optional(gvk) && l.opts.Namespace == "":
		l.noOptional = append(l.noOptional, gvk.Kind)
		return nil, nil
	case apierrors.IsForbidden(err) && l.opts.Namespace != "":
		return l.narrow(ctx, gvk, m.Resource)
	case apierrors.IsForbidden(err):
		return nil, fmt.Errorf("list %s (%s) in all namespaces: %w (to audit one namespace with a namespaced role, name it)",
			gvk.Kind, gvk.GroupVersion(), err)
	}
	return nil, fmt.Errorf("list %s (%s): %w", gvk.Kind, gvk.GroupVersion(), err)
}

// standsIn reports whether the model has a stand-in for gvk when it is not
// read: without Istio's injector webhooks in the inputs, it takes the
// chart's (internal/mesh injector_load.go loadInjectors). An audit role
// without them (an older one) still audits, with a notice.
func standsIn(gvk schema.GroupVersionKind) bool {
	return gvk.Kind == "MutatingWebhookConfiguration"
}

// narrow reads gvk where a namespaced role may allow it: the audited
// namespace, whose objects must be readable (but for the optional kinds,
// which a role written before the model read them lacks), and the root namespace,
// whose mesh-wide policies are context the audit does without when it
// must. Of the cluster-scoped kinds only the Namespace objects can be
// read so (a GET of a namespace by name is authorized in that namespace).
func (l *lister) narrow(ctx context.Context, gvk schema.GroupVersionKind, gvr schema.GroupVersionResource) ([]*manifest.Object, error) {
	if kinds.ClusterScoped(gvk) && gvk.Kind != "Namespace" {
		l.unlisted(gvk)
		return nil, nil
	}
	var out []*manifest.Object
	var read, denied []string
	for i, ns := range l.namespaces() {
		objs, err := l.inNamespace(ctx, gvk, gvr, ns)
		switch {
		case err == nil:
			out, read = append(out, objs...), append(read, ns)
		case apierrors.IsForbidden(err) && (i > 0 || gvk.Kind == "Namespace" || kinds.Optional(gvk)):
			denied = append(denied, ns)
		default:
			return nil, fmt.Errorf("list %s (%s) in namespace %s: %w", gvk.Kind, gvk.GroupVersion(), ns, err)
		}
	}
	l.narrowed(gvk, read, denied)
	return out, nil
}

// namespaces are the audited namespace and the root namespace.
func (l *lister) namespaces() []string {
	if l.opts.root() == l.opts.Namespace {
		return []string{l.opts.Namespace}
	}
	return []string{l.opts.Namespace, l.opts.root()}
}

// inNamespace lists gvk in ns, or gets the Namespace object named ns.
func (l *lister) inNamespace(ctx context.Context, gvk schema.GroupVersionKind, gvr schema.GroupVersionResource, ns string) ([]*manifest.Object, error) {
	if gvk.Kind != "Namespace" {
		return l.list(ctx, gvr, ns)
	}
	u, err := l.dyn.Resource(gvr).Get(ctx, ns, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return model(nil, u), nil
}

// list reads gvr in ns ("" = all namespaces) page by page. A continue
// token that expired (the list outlived etcd's compaction) restarts the
// list once, as the API asks.
func (l *lister) list(ctx context.Context, gvr schema.GroupVersionResource, ns string) ([]*manifest.Object, error) {
	var out []*manifest.Object
	cont, restarted := "", false
	for {
		page, err := l.dyn.Resource(gvr).Namespace(ns).List(ctx, metav1.ListOptions{Limit: pageSize, Continue: cont})
		if err != nil && apierrors.IsResourceExpired(err) && cont != "" && !restarted {
			out, cont, restarted = nil, "", true
			continue
		}
		if err != nil {
			return nil, err
		}
		for i := range page.Items {
			out = model(out, &page.Items[i])
		}
		if cont = page.GetContinue(); cont == "" {
			return out, nil
		}
	}
}

// model appends u as the model reads it, unless a workload controller
// created it. The object keeps u's map, not the page it came in.
func model(out []*manifest.Object, u *unstructured.Unstructured) []*manifest.Object {
	if o, ok := kinds.Object(kinds.Bound(u)); ok {
		out = append(out, o)
	}
	return out
}
