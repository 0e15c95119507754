package istioschema

import (
	"math"
	"regexp"
	"sync"
	"unicode/utf8"

	structuralschema "k8s.io/apiextensions-apiserver/pkg/apiserver/schema"
)

// provenValid reports whether the pruned object x certainly passes the
// OpenAPI validation of s (the keywords of structuralschema.ValueValidation,
// types, nullability), without the allocations of kube-openapi's validator,
// which cost about 150 us an object. It answers false whenever it is not
// sure (a keyword or value shape it does not decide): the caller then runs
// the API server's validator, which alone says what is wrong. A test holds
// it to kube-openapi on the fixtures and on mutations of them.
func provenValid(s *structuralschema.Structural, x any) bool {
	v := proof{ok: true}
	root := *s
	root.XEmbeddedResource = true // as pruning treats the resource root
	v.node(&root, x)
	return v.ok
}

type proof struct{ ok bool }

func (p *proof) fail() { p.ok = false }

func (p *proof) node(s *structuralschema.Structural, x any) {
	if !p.ok || s == nil {
		return
	}
	if x == nil {
		if !s.Nullable {
			p.fail()
		}
		return
	}
	if !p.typeOK(s, x) {
		p.fail()
		return
	}
	if s.ValueValidation != nil && !p.value(s.ValueValidation, x) {
		p.fail()
		return
	}
	switch x := x.(type) {
	case map[string]any:
		for k, v := range x {
			if s.XEmbeddedResource && (k == "metadata" || k == "apiVersion" || k == "kind") {
				continue // the resource root's meta fields: not in the schema
			}
			if c, ok := s.Properties[k]; ok {
				p.node(&c, v)
			} else if s.AdditionalProperties != nil && s.AdditionalProperties.Structural != nil {
				p.node(s.AdditionalProperties.Structural, v)
			} else if !s.XPreserveUnknownFields {
				p.fail() // pruning should have removed it: not sure
			}
		}
	case []any:
		for _, v := range x {
			p.node(s.Items, v)
		}
	}
}

// typeOK checks the type keyword; an empty type (x-kubernetes-int-or-string,
// preserved unknown fields) is left to the value keywords.
func (p *proof) typeOK(s *structuralschema.Structural, x any) bool {
	if s.XIntOrString {
		switch x.(type) {
		case int64, string:
			return true
		}
		return false
	}
	return typeIs(s.Type, x)
}

func typeIs(t string, x any) bool {
	switch t {
	case "":
		return true
	case "object":
		_, ok := x.(map[string]any)
		return ok
	case "array":
		_, ok := x.([]any)
		return ok
	case "string":
		_, ok := x.(string)
		return ok
	case "integer":
		_, ok := x.(int64) // a float, even integral: not sure
		return ok
	case "number":
		switch x.(type) {
		case int64, float64:
			return true
		}
	case "boolean":
		_, ok := x.(bool)
		return ok
	}
	return false
}

// value checks the value keywords. One it does not decide fails the
// proof (p.ok), so that a false here is only trusted inside a proof that
// still holds.
func (p *proof) value(v *structuralschema.ValueValidation, x any) bool {
	if v.UniqueItems || v.MultipleOf != nil || !formatKnown(v.Format, x) || !sizeDecided(v, x) ||
		!enumDecided(v.Enum, x) || !patternDecided(v.Pattern) {
		p.fail()
		return false
	}
	return numberOK(v, x) && stringOK(v, x) && sizeOK(v, x) && enumOK(v.Enum, x) &&
		requiredOK(v.Required, x) && p.nested(v, x)
}

// formatKnown: kube-openapi checks string formats (date-time, byte...),
// which the proof leaves to it; int32 within its range and double are
// decided by the type alone.
func formatKnown(f string, x any) bool {
	switch f {
	case "":
		return true
	case "int32":
		n, ok := x.(int64)
		return ok && n >= math.MinInt32 && n <= math.MaxInt32
	case "double":
		_, s := x.(string)
		return !s
	}
	return false
}

func numberOK(v *structuralschema.ValueValidation, x any) bool {
	var n float64
	switch x := x.(type) {
	case int64:
		n = float64(x)
	case float64:
		n = x
	default:
		return true
	}
	if v.Maximum != nil && (n > *v.Maximum || v.ExclusiveMaximum && n == *v.Maximum) {
		return false
	}
	return v.Minimum == nil || !(n < *v.Minimum || v.ExclusiveMinimum && n == *v.Minimum)
}

var patterns sync.Map // pattern -> *regexp.Regexp, or nil when it does not compile

func stringOK(v *structuralschema.ValueValidation, x any) bool {
	s, ok := x.(string)
	if !ok {
		return true
	}
	n := int64(utf8.RuneCountInString(s))
	if v.MaxLength != nil && n > *v.MaxLength || v.MinLength != nil && n < *v.MinLength {
		return false
	}
	if v.Pattern == "" {
		return true
	}
	return pattern(v.Pattern).MatchString(s)
}

// pattern compiles a pattern once; nil when Go's regexp (which
// kube-openapi uses too) does not take it.
func pattern(expr string) *regexp.Regexp {
	re, found := patterns.Load(expr)
	if !found {
		c, _ := regexp.Compile(expr)
		re, _ = patterns.LoadOrStore(expr, c)
	}
	c, _ := re.(*regexp.Regexp)
	return c
}

func patternDecided(expr string) bool { return expr == "" || pattern(expr) != nil }

// sizeDecided: size keywords of another shape than the value's.
func sizeDecided(v *structuralschema.ValueValidation, x any) bool {
	_, isMap := x.(map[string]any)
	_, isList := x.([]any)
	items := v.MaxItems != nil || v.MinItems != nil
	props := v.MaxProperties != nil || v.MinProperties != nil
	return !(items && !isList || props && !isMap)
}

// enumDecided: string enums of string values only.
func enumDecided(enum []structuralschema.JSON, x any) bool {
	if len(enum) == 0 {
		return true
	}
	if _, ok := x.(string); !ok {
		return false
	}
	for _, e := range enum {
		if _, ok := e.Object.(string); !ok {
			return false
		}
	}
	return true
}

func sizeOK(v *structuralschema.ValueValidation, x any) bool {
	var n int64
	switch x := x.(type) {
	case []any:
		n = int64(len(x))
		return !(v.MaxItems != nil && n > *v.MaxItems || v.MinItems != nil && n < *v.MinItems)
	case map[string]any:
		n = int64(len(x))
		return !(v.MaxProperties != nil && n > *v.MaxProperties || v.MinProperties != nil && n < *v.MinProperties)
	}
	return true
}

func enumOK(enum []structuralschema.JSON, x any) bool {
	if len(enum) == 0 {
		return true
	}
	s, _ := x.(string)
	for _, e := range enum {
		if e.Object == s {
			return true
		}
	}
	return false
}

func requiredOK(req []string, x any) bool {
	if len(req) == 0 {
		return true
	}
	m, _ := x.(map[string]any)
	for _, k := range req {
		if _, has := m[k]; !has {
			return false
		}
	}
	return true
}
