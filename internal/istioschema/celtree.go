package istioschema

import (
	"context"
	"sync"

	structuralschema "k8s.io/apiextensions-apiserver/pkg/apiserver/schema"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/cel"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/cel/model"
	"k8s.io/apimachinery/pkg/util/validation/field"
	celconfig "k8s.io/apiserver/pkg/apis/cel"
	apiservercel "k8s.io/apiserver/pkg/cel"
)

// celTree evaluates a schema's x-kubernetes-validations as the API
// server's cel.Validator does (pkg/apiserver/schema/cel/validation.go:
// each node's rules on its value, then its properties, additional
// properties and items), but compiles a node's rules only the first time
// a value reaches it. The API server compiles all of a CRD's rules when
// it loads it; a DestinationRule has 141, about half a second of CPU,
// which a lint of a few objects should not pay.
type celTree struct {
	schema *structuralschema.Structural
	root   bool // the resource root (metadata typed as in the API server)
	once   sync.Once
	own    *cel.Validator // this node's rules only; nil when it has none

	props map[string]*celTree
	addl  *celTree
	items *celTree
}

// newCELTree mirrors s down to the nodes whose subtree has rules. Like
// cel.validator, it leaves out properties that CEL cannot name or type.
func newCELTree(s *structuralschema.Structural, root bool, declType *apiservercel.DeclType) *celTree {
	if !hasRules(s) {
		return nil
	}
	t := &celTree{schema: s, root: root}
	if s.Items != nil && declType != nil {
		t.items = newCELTree(s.Items, s.Items.XEmbeddedResource, declType.ElemType)
	}
	if s.AdditionalProperties != nil && s.AdditionalProperties.Structural != nil && declType != nil {
		t.addl = newCELTree(s.AdditionalProperties.Structural, s.AdditionalProperties.Structural.XEmbeddedResource, declType.ElemType)
	}
	for k := range s.Properties {
		p := s.Properties[k]
		esc, ok := apiservercel.Escape(k)
		if !ok || declType == nil || declType.Fields[esc] == nil {
			continue
		}
		if c := newCELTree(&p, p.XEmbeddedResource, declType.Fields[esc].Type); c != nil {
			if t.props == nil {
				t.props = map[string]*celTree{}
			}
			t.props[k] = c
		}
	}
	return t
}

func newRootCELTree(s *structuralschema.Structural) *celTree {
	return newCELTree(s, true, model.SchemaDeclType(s, true))
}

func hasRules(s *structuralschema.Structural) bool {
	if s == nil {
		return false
	}
	if len(s.XValidations) > 0 || hasRules(s.Items) {
		return true
	}
	if s.AdditionalProperties != nil && hasRules(s.AdditionalProperties.Structural) {
		return true
	}
	for k := range s.Properties {
		p := s.Properties[k]
		if hasRules(&p) {
			return true
		}
	}
	return false
}

// validator compiles this node's own rules: a copy of its schema whose
// descendants keep their types but not their rules.
func (t *celTree) validator() *cel.Validator {
	t.once.Do(func() {
		if len(t.schema.XValidations) == 0 {
			return
		}
		own := *t.schema
		own.Items, own.AdditionalProperties, own.Properties = withoutRules(t.schema).childrenOf()
		t.own = cel.NewValidator(&own, t.root, celconfig.PerCallLimit)
	})
	return t.own
}

// validate evaluates the rules below t on x, within budget (shared by the
// whole object, as in the API server).
func (t *celTree) validate(ctx context.Context, path *field.Path, x any, budget *int64) field.ErrorList {
	if t == nil || x == nil || *budget < 0 {
		return nil
	}
	var errs field.ErrorList
	if v := t.validator(); v != nil {
		errs, *budget = v.Validate(ctx, path, t.schema, x, nil, *budget)
	}
	switch x := x.(type) {
	case map[string]any:
		for k, v := range x {
			if c := t.props[k]; c != nil {
				errs = append(errs, c.validate(ctx, path.Child(k), v, budget)...)
			} else if t.addl != nil && t.schema.Properties == nil {
				errs = append(errs, t.addl.validate(ctx, path.Key(k), v, budget)...)
			}
		}
	case []any:
		for i, v := range x {
			errs = append(errs, t.items.validate(ctx, path.Index(i), v, budget)...)
		}
	}
	return errs
}
