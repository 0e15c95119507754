package finding

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/meshlint/meshlint/internal/manifest"
)

// TestCompareRefsOrdersAsStrings: compareRefs orders objects exactly as
// their Kind/namespace/name strings order, on pieces chosen so that a
// field-by-field comparison would differ ("A" < "A-b" but "A/x" > "A-b/x").
func TestCompareRefsOrdersAsStrings(t *testing.T) {
	parts := []string{"", "a", "A", "a-b", "ab", "a.b", "b", "Service", "Service-x", "z"}
	r := rand.New(rand.NewPCG(1, 2))
	pick := func() string { return parts[r.IntN(len(parts))] + parts[r.IntN(len(parts))] }
	for range 100_000 {
		a := manifest.Ref{Kind: pick(), Namespace: pick(), Name: pick()}
		b := manifest.Ref{Kind: pick(), Namespace: pick(), Name: pick()}
		if got, want := compareRefs(a, b), strings.Compare(a.String(), b.String()); got != want {
			t.Fatalf("compareRefs(%q, %q) = %d, want %d", a.String(), b.String(), got, want)
		}
	}
}

// TestIDIsKey: two findings share an ID exactly when they share a Key,
// for objects named as Kubernetes names them.
func TestIDIsKey(t *testing.T) {
	fs := []Finding{
		{Rule: "ML101", Object: manifest.Ref{Kind: "Service", Namespace: "a", Name: "b"}, Message: "m"},
		{Rule: "ML101", Object: manifest.Ref{APIVersion: "v1", Kind: "Service", Namespace: "a", Name: "b"}, Message: "m", Line: 3},
		{Rule: "ML101", Object: manifest.Ref{Kind: "Service", Name: "a"}, Message: "m"},
		{Rule: "ML101", Object: manifest.Ref{Kind: "Service", Namespace: "a", Name: "b"}, Message: "n"},
		{Rule: "ML102", Object: manifest.Ref{Kind: "Service", Namespace: "a", Name: "b"}, Message: "m"},
	}
	for i := range fs {
		for j := range fs {
			if (fs[i].ID() == fs[j].ID()) != (fs[i].Key() == fs[j].Key()) {
				t.Errorf("findings %d and %d: ID and Key disagree", i, j)
			}
		}
	}
}
