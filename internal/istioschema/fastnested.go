package istioschema

import structuralschema "k8s.io/apiextensions-apiserver/pkg/apiserver/schema"

// nested decides allOf, anyOf, oneOf and not, whose branches in the Istio
// CRDs say "at most one of these fields" with required lists, or give the
// types of an int-or-string. A branch it cannot decide fails the proof.
func (p *proof) nested(v *structuralschema.ValueValidation, x any) bool {
	for i := range v.AllOf {
		if !p.branch(&v.AllOf[i], x) {
			return false
		}
	}
	if len(v.AnyOf) > 0 && p.count(v.AnyOf, x) == 0 {
		return false
	}
	if len(v.OneOf) > 0 && p.count(v.OneOf, x) != 1 {
		return false
	}
	return v.Not == nil || p.decided(v.Not) && !p.branch(v.Not, x)
}

func (p *proof) count(bs []structuralschema.NestedValueValidation, x any) int {
	n := 0
	for i := range bs {
		if p.branch(&bs[i], x) {
			n++
		}
	}
	return n
}

// branch is whether x satisfies a nested validation. A branch that holds
// what the proof does not decide makes the whole proof fail (so a false
// here is never trusted as a real "invalid" on its own: the caller only
// trusts a true overall answer).
func (p *proof) branch(n *structuralschema.NestedValueValidation, x any) bool {
	if !p.decided(n) {
		p.fail()
		return false
	}
	if n.ForbiddenGenerics.Type != "" && !typeIs(n.ForbiddenGenerics.Type, x) {
		return false
	}
	if !p.value(&n.ValueValidation, x) {
		return false
	}
	m, _ := x.(map[string]any)
	for k := range n.Properties {
		if v, ok := m[k]; ok {
			c := n.Properties[k]
			if !p.branch(&c, v) {
				return false
			}
		}
	}
	return true
}

// decided: the branch holds only what branch evaluates.
func (p *proof) decided(n *structuralschema.NestedValueValidation) bool {
	return n.Items == nil && n.AdditionalProperties == nil && len(n.XValidations) == 0 &&
		!n.ForbiddenGenerics.Nullable && n.ForbiddenExtensions.XListType == nil
}
