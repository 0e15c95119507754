// Package crdgen turns the Istio CRDs of istio.io/api into the compact
// schema file that internal/istioschema embeds (crds.json). It is used by
// `go run ./internal/istioschema/gen` and by the test that fails when the
// embedded file is stale; the product does not link it.
package crdgen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"

	apiextv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"

	"github.com/meshlint/meshlint/internal/envtestbin"
	"github.com/meshlint/meshlint/internal/istioschema"
)

// IstioAPI is the module whose CRDs the schemas come from: the Istio
// release the project follows, also the CRDs the API server tests install.
const IstioAPI = "istio.io/api@v1.32.0"

// CRDFile is the CRD file inside IstioAPI.
const CRDFile = "kubernetes/customresourcedefinitions.gen.yaml"

// Generate reads CRDFile from IstioAPI (downloaded into the module cache
// if needed; dir is where `go mod download` runs) and returns crds.json.
func Generate(dir string) ([]byte, error) {
	mod, err := envtestbin.ModuleDir(dir, IstioAPI)
	if err != nil {
		return nil, err
	}
	raw, err := os.ReadFile(filepath.Join(mod, CRDFile))
	if err != nil {
		return nil, fmt.Errorf("read the Istio CRDs: %w", err)
	}
	crds, err := decode(raw)
	if err != nil {
		return nil, err
	}
	f := istioschema.File{Source: IstioAPI + " " + CRDFile}
	for i := range crds {
		c, err := compact(&crds[i])
		if err != nil {
			return nil, err
		}
		f.CRDs = append(f.CRDs, c)
	}
	out, err := json.MarshalIndent(f, "", " ")
	return append(out, '\n'), err
}

func decode(raw []byte) ([]apiextv1.CustomResourceDefinition, error) {
	d := utilyaml.NewYAMLOrJSONDecoder(bytes.NewReader(raw), 4096)
	var out []apiextv1.CustomResourceDefinition
	for {
		var c apiextv1.CustomResourceDefinition
		err := d.Decode(&c)
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("decode the Istio CRDs: %w", err)
		}
		if c.Kind == "CustomResourceDefinition" {
			out = append(out, c)
		}
	}
}

// compact keeps what validation reads: group, kind, scope, and for each
// version whether it is served and its schema without descriptions.
func compact(c *apiextv1.CustomResourceDefinition) (istioschema.CRD, error) {
	out := istioschema.CRD{Group: c.Spec.Group, Kind: c.Spec.Names.Kind, Namespaced: c.Spec.Scope == apiextv1.NamespaceScoped}
	var seen []*apiextv1.JSONSchemaProps
	for _, v := range c.Spec.Versions {
		if v.Schema == nil || v.Schema.OpenAPIV3Schema == nil {
			return out, fmt.Errorf("%s %s has no schema", out.Kind, v.Name)
		}
		s := v.Schema.OpenAPIV3Schema
		dropDescriptions(s)
		i := slicesIndex(seen, s)
		if i < 0 {
			raw, err := json.Marshal(s)
			if err != nil {
				return out, fmt.Errorf("encode the schema of %s %s: %w", out.Kind, v.Name, err)
			}
			seen, out.Schemas = append(seen, s), append(out.Schemas, raw)
			i = len(seen) - 1
		}
		out.Versions = append(out.Versions, istioschema.Version{Name: v.Name, Served: v.Served, Schema: i})
	}
	return out, nil
}

func slicesIndex(seen []*apiextv1.JSONSchemaProps, s *apiextv1.JSONSchemaProps) int {
	for i, o := range seen {
		if reflect.DeepEqual(o, s) {
			return i
		}
	}
	return -1
}

// dropDescriptions clears the description of s and of every schema in it.
func dropDescriptions(s *apiextv1.JSONSchemaProps) {
	if s == nil {
		return
	}
	s.Description = ""
	for k, p := range s.Properties {
		dropDescriptions(&p)
		s.Properties[k] = p
	}
	if s.Items != nil {
		dropDescriptions(s.Items.Schema)
		for i := range s.Items.JSONSchemas {
			dropDescriptions(&s.Items.JSONSchemas[i])
		}
	}
	if s.AdditionalProperties != nil {
		dropDescriptions(s.AdditionalProperties.Schema)
	}
	for _, l := range [][]apiextv1.JSONSchemaProps{s.AllOf, s.AnyOf, s.OneOf} {
		for i := range l {
			dropDescriptions(&l[i])
		}
	}
	dropDescriptions(s.Not)
}
