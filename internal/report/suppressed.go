package report

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/meshlint/meshlint/internal/finding"
)

// waiverName names what waived a finding in the text summary: the config
// file by its name (.meshlint.yaml), or the annotation.
func waiverName(s finding.Suppressed) string {
	if s.By == finding.ByAnnotation {
		return "annotation " + finding.IgnoreAnnotation
	}
	if s.File == "" {
		return "the config"
	}
	return filepath.Base(s.File)
}

// suppressedWords is the text summary's account of what was waived:
// "2 suppressed: 1 by .meshlint.yaml, 1 by annotation meshlint.io/ignore",
// the config before the annotation.
func suppressedWords(ss []finding.Suppressed) string {
	counts := map[string]int{}
	var names []string
	for _, s := range ss {
		n := waiverName(s)
		if counts[n] == 0 {
			names = append(names, n)
		}
		counts[n]++
	}
	slices.SortStableFunc(names, func(a, b string) int {
		return boolInt(strings.HasPrefix(a, "annotation ")) - boolInt(strings.HasPrefix(b, "annotation "))
	})
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = fmt.Sprintf("%d by %s", counts[n], n)
	}
	return fmt.Sprintf("%d suppressed: %s", len(ss), strings.Join(parts, ", "))
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
