package fact

// Ref is a reference to an object in the facts: the rules read it as an
// object of four fields, apiVersion, kind, namespace and name (docs/facts.md),
// as a map of them converts. The model hands references over in this form
// and the policy engine builds their OPA objects only for the items it
// evaluates, sharing them within a batch: an item a memo already knows
// is hashed from the four strings alone.
type Ref struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Namespace  string `json:"namespace"`
	Name       string `json:"name"`
}

// Map is the reference as the map it stands for.
func (r Ref) Map() map[string]any {
	return map[string]any{"apiVersion": r.APIVersion, "kind": r.Kind, "namespace": r.Namespace, "name": r.Name}
}
