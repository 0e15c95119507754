package stackdiff

import (
	"fmt"
	"io"

	"github.com/meshlint/meshlint/internal/finding"
)

// WriteSummary writes what `diff --quiet` prints in text: the heading and
// the summary line of the text format, no hop and no finding.
func (d *Diff) WriteSummary(w io.Writer, failOn finding.Severity) error {
	_, err := fmt.Fprintf(w, "meshlint diff %s -> %s\n%s\n", d.Base, d.Head, d.summary(failOn))
	return err
}
