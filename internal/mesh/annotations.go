package mesh

import (
	"strconv"
	"strings"
)

// readAnnotations reads each Ingress's ingress-nginx annotations under the
// prefix of the controller that serves it (--annotations-prefix;
// internal/ingress/annotations/parser/main.go GetAnnotationWithPrefix).
func (m *Model) readAnnotations() {
	for _, in := range m.Ingresses {
		st := m.controllerFor(in)
		in.Program, in.NginxAnnotations = st.Program, st.NginxAnnotations
		if !in.NginxAnnotations {
			// Not ingress-nginx's annotations: the F5 controller's and
			// Traefik's are read where their hops are built
			// (f5_ingress.go, traefik_ingress.go).
			m.noteProgramAnnotations(in)
			continue
		}
		if st.Workload != nil && st.Workload.Controller != nil {
			in.AnnPrefix = st.Workload.Controller.AnnotationPrefix
		}
		in.UpstreamVhost = in.annString(annUpstreamVhost)
		in.ServiceUpstream = in.annBool(annServiceUpstream)
	}
}

// annKey is the full name of an ingress-nginx annotation for the Ingress.
func (in *Ingress) annKey(suffix string) string { return in.AnnPrefix + "/" + suffix }

// annLine is the line of the annotation key, read as the Ingress was
// constructed (body.go); of one it does not have, its annotations'.
func (in *Ingress) annLine(key string) int {
	if l, ok := in.annotationLines[key]; ok {
		return l
	}
	return in.annotationsLine
}

// annBool reads a boolean annotation as ingress-nginx's parser does
// (parser/main.go parseBool): strconv.ParseBool, so "true", "True",
// "TRUE", "t", "T" and "1" are true. A value ParseBool refuses counts as
// false: GetBoolAnnotation returns false with an error, which the
// service-upstream parser drops (annotations/serviceupstream/main.go
// Parse returns the value whenever the error is not "missing").
func (in *Ingress) annBool(suffix string) bool {
	b, err := strconv.ParseBool(in.annotations[in.annKey(suffix)])
	return err == nil && b
}

// annString reads a string annotation as parseString does: each line
// trimmed of spaces (normalizeString); an empty result is refused, as if
// the annotation were not there.
func (in *Ingress) annString(suffix string) string {
	lines := strings.Split(in.annotations[in.annKey(suffix)], "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	return strings.Join(lines, "\n")
}

func (m *Model) noteProgramAnnotations(in *Ingress) {
	if in.Program == ProgF5 {
		m.noteF5Annotations(in)
		return
	}
	m.noteForeignAnnotations(in, "Traefik")
}
