// Package istioschema checks Istio objects as the Kubernetes API server
// does when they are created: against the structural OpenAPI schema of
// their CustomResourceDefinition (istio.io/api's CRDs, embedded in
// crds.json), with the API server's own code (k8s.io/apiextensions-apiserver:
// pruning of unknown fields, schema validation, x-kubernetes-validations
// CEL rules). It says which fields the API server drops or refuses, and
// what the object looks like once stored.
package istioschema

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
)

// crdsJSON is written by `go run ./internal/istioschema/gen`; a test fails
// when it differs from what istio.io/api's CRDs give.
//
//go:embed crds.json
var crdsJSON []byte

// File is the shape of crds.json.
type File struct {
	Source string `json:"source"`
	CRDs   []CRD  `json:"crds"`
}

// CRD is one CustomResourceDefinition, reduced to what validation reads.
type CRD struct {
	Group      string            `json:"group"`
	Kind       string            `json:"kind"`
	Namespaced bool              `json:"namespaced"`
	Versions   []Version         `json:"versions"`
	Schemas    []json.RawMessage `json:"schemas"` // distinct openAPIV3Schemas, descriptions dropped
}

// Version is a version of a CRD and the index of its schema in Schemas.
type Version struct {
	Name   string `json:"name"`
	Served bool   `json:"served"`
	Schema int    `json:"schema"`
}

// registry holds the CRDs by group and kind; each schema's validators are
// built the first time an object needs them (CEL programs take time to
// compile, and most inputs use few kinds).
type registry struct {
	crds    map[string]*crdEntry // "group/Kind"
	byGroup map[string][]string  // group -> kinds
	err     error
}

type crdEntry struct {
	crd     CRD
	once    []sync.Once
	checker []*checker
	errs    []error
}

var (
	loadOnce sync.Once
	loaded   registry
)

func reg() *registry {
	loadOnce.Do(func() { loaded = newRegistry(crdsJSON) })
	return &loaded
}

func newRegistry(raw []byte) registry {
	var f File
	if err := json.Unmarshal(raw, &f); err != nil {
		return registry{err: fmt.Errorf("read the embedded Istio CRD schemas: %w", err)}
	}
	r := registry{crds: map[string]*crdEntry{}, byGroup: map[string][]string{}}
	for _, c := range f.CRDs {
		r.crds[c.Group+"/"+c.Kind] = &crdEntry{crd: c, once: make([]sync.Once, len(c.Schemas)),
			checker: make([]*checker, len(c.Schemas)), errs: make([]error, len(c.Schemas))}
		r.byGroup[c.Group] = append(r.byGroup[c.Group], c.Kind)
	}
	return r
}

// IsIstioGroup reports whether the API group is one of the Istio CRDs'
// groups (networking, security, telemetry, extensions .istio.io).
func IsIstioGroup(group string) bool {
	_, ok := reg().byGroup[group]
	return ok
}

// served finds the version's checker: nil and the reason when the API
// server serves no such kind or version.
func (r *registry) served(group, version, kind string) (*checker, string, error) {
	e := r.crds[group+"/"+kind]
	if e == nil {
		return nil, fmt.Sprintf("the API server serves no kind %s in %s (its kinds: %s)",
			kind, group, strings.Join(r.byGroup[group], ", ")), nil
	}
	var names []string
	for _, v := range e.crd.Versions {
		if v.Served {
			names = append(names, v.Name)
		}
		if v.Name == version && v.Served {
			return e.get(v.Schema)
		}
	}
	return nil, fmt.Sprintf("the API server serves %s in %s only as %s", kind, group, strings.Join(names, ", ")), nil
}

func (e *crdEntry) get(i int) (*checker, string, error) {
	e.once[i].Do(func() { e.checker[i], e.errs[i] = newChecker(e.crd.Schemas[i]) })
	return e.checker[i], "", e.errs[i]
}
