package istioschema

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"k8s.io/apiextensions-apiserver/pkg/apis/apiextensions"
	apiextv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	structuralschema "k8s.io/apiextensions-apiserver/pkg/apiserver/schema"
	structuraldefaulting "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/defaulting"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/listtype"
	structuralpruning "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/pruning"
	apiservervalidation "k8s.io/apiextensions-apiserver/pkg/apiserver/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
	celconfig "k8s.io/apiserver/pkg/apis/cel"
)

// checker is what the API server builds for one version of a CRD
// (apiextensions-apiserver pkg/apiserver/customresource_handler.go
// getOrCreateServingInfoFor): the structural schema that prunes, the
// OpenAPI validator and the CEL rules (compiled as values need them).
type checker struct {
	structural *structuralschema.Structural
	// openAPI is kube-openapi's validator, built the first time an object
	// is not proven valid without it (provenValid): most never need it.
	openAPI   func() (apiservervalidation.SchemaValidator, error)
	cel       *celTree
	shapeOnce sync.Once
	shapeTree *shape
}

// shape is the schema's free strings (shape.go), found the first time
// CheckAll needs them.
func (c *checker) shape() *shape {
	c.shapeOnce.Do(func() { c.shapeTree = newShape(c.structural, true) })
	return c.shapeTree
}

func newChecker(raw json.RawMessage) (*checker, error) {
	var v1 apiextv1.JSONSchemaProps
	if err := json.Unmarshal(raw, &v1); err != nil {
		return nil, fmt.Errorf("read a CRD schema: %w", err)
	}
	var in apiextensions.JSONSchemaProps
	if err := apiextv1.Convert_v1_JSONSchemaProps_To_apiextensions_JSONSchemaProps(&v1, &in, nil); err != nil {
		return nil, fmt.Errorf("convert a CRD schema: %w", err)
	}
	s, err := structuralschema.NewStructural(&in)
	if err != nil {
		return nil, fmt.Errorf("structural schema: %w", err)
	}
	openAPI := sync.OnceValues(func() (apiservervalidation.SchemaValidator, error) {
		v, _, err := apiservervalidation.NewSchemaValidator(&in)
		if err != nil {
			return nil, fmt.Errorf("schema validator: %w", err)
		}
		return v, nil
	})
	return &checker{structural: s, openAPI: openAPI, cel: newRootCELTree(s)}, nil
}

// prune drops from obj (a copy: it is changed in place) the fields the
// schema does not know, and the nulls of fields that cannot be null, as
// the API server's decoder does (customresource_handler.go
// unstructuredSchemaCoercer.apply); it returns the dropped unknown fields.
func (c *checker) prune(obj map[string]any) []string {
	paths := structuralpruning.PruneWithOptions(obj, c.structural, true,
		structuralschema.UnknownFieldPathOptions{TrackUnknownFieldPaths: true})
	structuraldefaulting.PruneNonNullableNullsWithoutDefaults(obj, c.structural)
	return paths
}

// validate is the create strategy's validation of the pruned object
// (pkg/registry/customresource/strategy.go customResourceStrategy.Validate):
// the OpenAPI schema (kube-openapi's validator, unless provenValid shows
// that it would find nothing), list types, then the CEL rules unless an error
// already makes them meaningless (hasBlockingErr).
func (c *checker) validate(ctx context.Context, obj map[string]any) field.ErrorList {
	var errs field.ErrorList
	if !provenValid(c.structural, obj) {
		errs = c.validateOpenAPI(obj)
	}
	errs = append(errs, listtype.ValidateListSetsAndMaps(nil, c.structural, obj)...)
	if blocking(errs) {
		return errs
	}
	budget := int64(celconfig.RuntimeCELCostBudget)
	return append(errs, c.cel.validate(ctx, nil, obj, &budget)...)
}

// validateOpenAPI runs kube-openapi's validator on obj; a validator that
// cannot be built (broken embedded schemas: a bug) is said on the object.
func (c *checker) validateOpenAPI(obj map[string]any) field.ErrorList {
	v, err := c.openAPI()
	if err != nil {
		return field.ErrorList{field.InternalError(nil, err)}
	}
	return apiservervalidation.ValidateCustomResource(nil, obj, v)
}

// blocking is strategy.go hasBlockingErr: the API server does not run
// the CEL rules of an object with these errors.
func blocking(errs field.ErrorList) bool {
	for _, e := range errs {
		switch e.Type {
		case field.ErrorTypeNotSupported, field.ErrorTypeRequired, field.ErrorTypeTooLong,
			field.ErrorTypeTooMany, field.ErrorTypeTypeInvalid:
			return true
		}
	}
	return false
}
