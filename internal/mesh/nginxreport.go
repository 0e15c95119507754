package mesh

import (
	"errors"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/nginx"
)

// parseLog collects what reading one container's files found.
type parseLog struct{ problems, notes []Problem }

func (l *parseLog) problem(o *manifest.Object, line int, msg string) {
	l.problems = append(l.problems, Problem{Object: o, Line: line, Msg: msg})
}

func (l *parseLog) note(o *manifest.Object, line int, msg string) {
	l.notes = append(l.notes, Problem{Object: o, Line: line, Msg: msg})
}

// parseProblem reports a syntax error at its line in the ConfigMap that
// holds the file.
func (nc *NginxConfig) parseProblem(err error, log *parseLog) {
	var pe *nginx.Error
	if !errors.As(err, &pe) {
		o, line := nc.Line(nil)
		log.problem(o, line, "nginx config: "+err.Error())
		return
	}
	f, _ := nc.Tree.Lookup(pe.File)
	cm := nc.cms[f.Src.ConfigMap]
	if cm == nil {
		o, line := nc.Line(nil)
		log.problem(o, line, "nginx config "+pe.File+": "+err.Error())
		return
	}
	log.problem(cm, cm.TextLine([]string{"data", f.Src.Key}, pe.Line), "nginx config in data."+f.Src.Key+": "+err.Error())
}

// unresolved reports an include meshlint could not follow: a syntax
// error in the file is a problem; a file the container's files do not
// hold is unknown (nginx would refuse to start if it were missing, but
// it may be an image file meshlint does not know), never an error.
func (nc *NginxConfig) unresolved(u nginx.Unresolved, log *parseLog) {
	o, line := nc.Line(u.Directive)
	switch {
	case u.Err != nil && errors.As(u.Err, new(*nginx.Error)):
		nc.parseProblem(u.Err, log)
	case u.Err != nil:
		log.problem(o, line, "nginx include "+u.Name+": "+u.Err.Error())
	case u.Cycle:
		log.problem(o, line, "nginx include "+u.Name+" includes itself")
	case u.Glob:
		log.note(o, line, "nginx include "+u.Directive.Arg(0)+" in container "+nc.Container.Name+" may match files meshlint does not know (an image's own files, a ConfigMap the inputs lack): their directives are unknown to meshlint")
	default:
		nc.Unknown = append(nc.Unknown, u.Name)
		log.note(o, line, "nginx include of "+u.Name+", which container "+nc.Container.Name+"'s files do not hold as far as meshlint knows (an image's own file, a ConfigMap the inputs lack): its directives are unknown to meshlint")
	}
}
