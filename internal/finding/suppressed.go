package finding

import "sort"

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
	sort.SliceStable(ss, func(i, j int) bool {
		a, b := &ss[i].Finding, &ss[j].Finding
		switch {
		case a.File != b.File:
			return a.File < b.File
		case a.Line != b.Line:
			return a.Line < b.Line
		case a.Rule != b.Rule:
			return a.Rule < b.Rule
		case a.Object != b.Object:
			if c := compareRefs(a.Object, b.Object); c != 0 {
				return c < 0
			}
		}
		return a.Message < b.Message
	})
	out := ss[:0]
	seen := make(map[ID]bool, len(ss))
	for _, s := range ss {
		if k := s.Finding.ID(); !seen[k] {
			seen[k] = true
			out = append(out, s)
		}
	}
	return out
}
