package topology

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// writeText prints the two tables for a terminal, aligned.
func writeText(w io.Writer, t *Topology) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SCALE ITEM\tVALUE")
	for _, r := range scaleRows(t.Scale) {
		fmt.Fprintf(tw, "%s\t%s\n", r[0], r[1])
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	if len(t.Hops) == 0 {
		_, err := fmt.Fprintln(w, "hops:", noHops)
		return err
	}
	fmt.Fprintln(tw, "HOP\tPROTOCOL\tMODE\tOUTCOME\tWHY")
	for _, h := range t.Hops {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", h.Name, h.Protocol, h.Mode, h.Label, h.Why)
	}
	return tw.Flush()
}
