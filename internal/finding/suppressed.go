package finding

import "slices"

// IgnoreAnnotation lists, on an object, the rule IDs (or "*") not to
// report on it.
const IgnoreAnnotation = "meshlint.io/ignore"

// How a finding was suppressed. SARIF 2.1.0 (§3.35.2, suppression.kind)
// draws the same line: "inSource" for a suppression written in the
// analysed file (the object's meshlint.io/ignore annotation), "external"
// for one kept apart from it (an ignore of .meshlint.yaml).
const (
	ByConfig     = "config"
	ByAnnotation = "annotation"
)

// Suppressed is a finding that a config ignore or an ignore annotation
// waived: not reported, but counted and listed by the formats that say
// what was waived and by what.
type Suppressed struct {
	Finding Finding
	By      string // ByConfig or ByAnnotation
	// File and Line locate the waiver: the config file and the line of
	// its ignore entry; for an annotation, the object's file and line.
	File   string
	Line   int
	Reason string // the ignore's reason; "" for an annotation
}

// SortSuppressed orders suppressed findings as Sort orders findings and
// drops those Sort would drop as duplicates.
func SortSuppressed(ss []Suppressed) []Suppressed {
	ptrs := make([]*Suppressed, len(ss))
	for i := range ss {
		ptrs[i] = &ss[i]
	}
	slices.SortStableFunc(ptrs, func(a, b *Suppressed) int { return compare(&a.Finding, &b.Finding) })
	out := make([]Suppressed, 0, len(ss))
	seen := make(map[ID]bool, len(ss))
	for _, s := range ptrs {
		if k := s.Finding.ID(); !seen[k] {
			seen[k] = true
			out = append(out, *s)
		}
	}
	return out
}
