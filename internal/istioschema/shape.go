package istioschema

import (
	"reflect"
	"sync"

	"github.com/google/cel-go/common"
	"github.com/google/cel-go/common/ast"
	"github.com/google/cel-go/parser"
	structuralschema "k8s.io/apiextensions-apiserver/pkg/apiserver/schema"
)

// shape marks, in one version's schema, the string fields whose value the
// API server's create path never reads: no enum, pattern, format or
// length on the field, no CEL rule on it, and above it only objects and
// lists that look at keys (required, min/maxProperties, min/maxItems, CEL
// rules that use self only in has(self.f)), no set or map list (whose
// items must differ) and no enum. Two objects that differ only in such
// values (an AuthorizationPolicy's principals, a DestinationRule's host
// in each namespace) are pruned and validated alike wherever both pass:
// CheckAll judges one of them, and judges each content apart only when
// that one has an issue, so no issue's words come from another object.
type shape struct {
	free  bool              // a string leaf nothing reads
	props map[string]*shape // nil entries are left out: read exactly
	addl  *shape
	items *shape
}

// newShape mirrors s down to its free leaves; nil when there is none
// below s (its values are then compared exactly).
func newShape(s *structuralschema.Structural, root bool) *shape {
	switch {
	case s == nil:
		return nil
	case freeLeaf(s):
		return &shape{free: true}
	case !keysOnly(s, root):
		return nil
	}
	t := &shape{items: newShape(s.Items, false)}
	if s.AdditionalProperties != nil && len(s.Properties) == 0 {
		t.addl = newShape(s.AdditionalProperties.Structural, false)
	}
	for k := range s.Properties {
		p := s.Properties[k]
		if c := newShape(&p, false); c != nil {
			if t.props == nil {
				t.props = map[string]*shape{}
			}
			t.props[k] = c
		}
	}
	if t.items == nil && t.addl == nil && t.props == nil {
		return nil
	}
	return t
}

// freeLeaf: a plain string field, with no validation of its own.
func freeLeaf(s *structuralschema.Structural) bool {
	return s.Type == "string" && (s.ValueValidation == nil || blank(reflect.ValueOf(*s.ValueValidation))) &&
		len(s.XValidations) == 0 && blank(reflect.ValueOf(s.Extensions)) &&
		s.Items == nil && len(s.Properties) == 0 && s.AdditionalProperties == nil
}

// keysOnly: an object or list node whose own validation reads no value
// below it (only which keys there are, and how many items).
func keysOnly(s *structuralschema.Structural, root bool) bool {
	ext := s.Extensions
	ext.XEmbeddedResource = ext.XEmbeddedResource && root
	ext.XListType = nil
	if s.XListType != nil && *s.XListType != "atomic" {
		return false
	}
	if (s.Type != "object" && s.Type != "array") || !blank(reflect.ValueOf(ext)) {
		return false
	}
	if s.ValueValidation != nil && !countsKeys(*s.ValueValidation) {
		return false
	}
	for _, r := range s.XValidations {
		if !testsPresence(r.Rule) {
			return false
		}
	}
	return true
}

// countsKeys: a value validation that reads only keys and sizes.
func countsKeys(v structuralschema.ValueValidation) bool {
	nested := [][]structuralschema.NestedValueValidation{v.AllOf, v.OneOf, v.AnyOf}
	if v.Not != nil {
		nested = append(nested, []structuralschema.NestedValueValidation{*v.Not})
	}
	for _, ns := range nested {
		for _, n := range ns {
			if !nestedCountsKeys(n) {
				return false
			}
		}
	}
	v.Required, v.MaxProperties, v.MinProperties, v.MaxItems, v.MinItems = nil, nil, nil, nil, nil
	v.AllOf, v.OneOf, v.AnyOf, v.Not = nil, nil, nil, nil
	return blank(reflect.ValueOf(v))
}

func nestedCountsKeys(n structuralschema.NestedValueValidation) bool {
	if !countsKeys(n.ValueValidation) {
		return false
	}
	n.ValueValidation = structuralschema.ValueValidation{}
	return blank(reflect.ValueOf(n))
}

var celParser = sync.OnceValues(func() (*parser.Parser, error) {
	return parser.NewParser(parser.Macros(parser.AllMacros...))
})

// testsPresence reports whether a CEL rule uses self only as has(self.f)
// (the macro parses to a test-only select on self): it then reads which
// fields there are, never their values.
func testsPresence(rule string) bool {
	p, err := celParser()
	if err != nil {
		return false
	}
	parsed, errs := p.Parse(common.NewTextSource(rule))
	if len(errs.GetErrors()) > 0 {
		return false
	}
	selfs, tests := 0, 0
	ast.PostOrderVisit(parsed.Expr(), ast.NewExprVisitor(func(e ast.Expr) {
		switch e.Kind() {
		case ast.IdentKind:
			if e.AsIdent() == "self" {
				selfs++
			}
		case ast.SelectKind:
			if sel := e.AsSelect(); sel.IsTestOnly() && sel.Operand().Kind() == ast.IdentKind && sel.Operand().AsIdent() == "self" {
				tests++
			}
		}
	}))
	return selfs == tests
}

// blank reports whether a schema part sets nothing (empty lists, as the
// CRD conversion leaves them, set nothing either). Any field it does not
// know of counts as set, whatever a newer apiextensions adds.
func blank(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			if !blank(v.Field(i)) {
				return false
			}
		}
		return true
	case reflect.Slice, reflect.Map:
		return v.Len() == 0
	}
	return v.IsZero()
}
