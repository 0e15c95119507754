package e2e

import (
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/meshlint/meshlint/internal/manifest"
)

// The field report's namespace; each test applies its own renamed copy.
const reportNamespace = "blog-system"

// The field report's stacks (testdata/field-report) and the shipped base
// (manifests/blog-system, in its kustomization's order).
const (
	finalStack  = "testdata/field-report/final/stack.yaml"
	strictStack = "testdata/field-report/strict/stack.yaml"
	hostStack   = "testdata/field-report/host/stack.yaml"
	baseDir     = "manifests/blog-system"
)

// stack is a list of objects in the order kubectl applies them.
type stack []*manifest.Object

// loadStack reads files (relative to the repository root) and keeps the
// objects of the field report's namespace, renamed to ns: the namespace,
// and every name derived from it (FQDNs in nginx config and URLs, SPIFFE
// principals). The platform objects (istio-system, ingress-nginx, the
// IngressClass) are shared: TestMain creates them once (platform()).
func loadStack(t tb, ns string, files ...string) stack {
	t.Helper()
	return ownObjects(t, load(t, files...), ns)
}

// ownObjects keeps the objects of the field report's namespace, renamed
// to ns.
func ownObjects(t tb, objs []*manifest.Object, ns string) stack {
	t.Helper()
	var out stack
	for _, o := range objs {
		if !isPlatform(o) {
			out = append(out, load1(t, o, ns))
		}
	}
	return out
}

// platform returns the objects every stack shares: the root and ingress
// namespaces, the IngressClass nginx and its controller without a sidecar,
// the mesh-wide PeerAuthentication (PERMISSIVE), and the webhook's own
// namespace.
func platform(t tb) stack {
	t.Helper()
	var out stack
	for _, o := range load(t, finalStack) {
		if isPlatform(o) {
			out = append(out, o)
		}
	}
	own := manifest.LoadBytes("webhook-namespace", []byte(
		"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: "+webhookNamespace+"\n"), manifest.Options{})
	return append(out, own.Objects...)
}

func isPlatform(o *manifest.Object) bool {
	if o.Kind == "Namespace" {
		return o.Name != reportNamespace
	}
	return o.Namespace != reportNamespace
}

// baseFiles lists manifests/blog-system's resources in its
// kustomization's order (kubectl apply -k applies them in that order).
func baseFiles(t tb) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot(), baseDir, "kustomization.yaml"))
	if err != nil {
		t.Fatalf("read the base kustomization: %v", err)
	}
	var k struct{ Resources []string }
	if err := yaml.Unmarshal(b, &k); err != nil {
		t.Fatalf("parse the base kustomization: %v", err)
	}
	var files []string
	for _, r := range k.Resources {
		files = append(files, filepath.Join(baseDir, r))
	}
	return files
}

func load(t tb, files ...string) []*manifest.Object {
	t.Helper()
	var paths []string
	for _, f := range files {
		paths = append(paths, filepath.Join(repoRoot(), f))
	}
	res := manifest.Load(paths, manifest.Options{})
	if len(res.Errors) > 0 {
		t.Fatalf("load %v: %v", files, res.Errors)
	}
	return res.Objects
}

// load1 re-reads one object with the namespace renamed in its text.
func load1(t tb, o *manifest.Object, ns string) *manifest.Object {
	t.Helper()
	b, err := yaml.Marshal(o.Body)
	if err != nil {
		t.Fatalf("marshal %s: %v", o.Ref(), err)
	}
	text := strings.ReplaceAll(string(b), reportNamespace, ns)
	res := manifest.LoadBytes(o.Ref().String(), []byte(text), manifest.Options{})
	if len(res.Errors) > 0 || len(res.Objects) != 1 {
		t.Fatalf("reload %s: %v", o.Ref(), res.Errors)
	}
	return res.Objects[0]
}

// find returns the object of that kind and name; the test fails without it.
func (s stack) find(t tb, kind, name string) *manifest.Object {
	t.Helper()
	for _, o := range s {
		if o.Kind == kind && o.Name == name {
			return o
		}
	}
	t.Fatalf("the stack has no %s %s", kind, name)
	return nil
}

// without returns the stack minus the object of that kind and name.
func (s stack) without(kind, name string) stack {
	var out stack
	for _, o := range s {
		if o.Kind != kind || o.Name != name {
			out = append(out, o)
		}
	}
	return out
}

// with returns the stack plus objs (a new slice).
func (s stack) with(objs ...*manifest.Object) stack {
	return append(append(stack{}, s...), objs...)
}

// edited returns a copy of o with its body changed by edit; the copy's
// text is re-read so that the offline lint sees what the server gets.
func edited(t tb, o *manifest.Object, edit func(body map[string]any)) *manifest.Object {
	t.Helper()
	u := toUnstructured(o)
	edit(u.Object)
	b, err := yaml.Marshal(u.Object)
	if err != nil {
		t.Fatalf("marshal %s: %v", o.Ref(), err)
	}
	res := manifest.LoadBytes(o.Ref().String(), b, manifest.Options{})
	if len(res.Errors) > 0 || len(res.Objects) != 1 {
		t.Fatalf("reload %s: %v", o.Ref(), res.Errors)
	}
	return res.Objects[0]
}

// toUnstructured is o as the client sends it (a deep copy of its body).
func toUnstructured(o *manifest.Object) *unstructured.Unstructured {
	return &unstructured.Unstructured{Object: runtime.DeepCopyJSON(o.Body)}
}

// fromUnstructured is an object read back from the API server, as the
// offline lint reads it.
func fromUnstructured(u *unstructured.Unstructured) *manifest.Object {
	return &manifest.Object{APIVersion: u.GetAPIVersion(), Kind: u.GetKind(),
		Namespace: u.GetNamespace(), Name: u.GetName(), Body: u.Object}
}
