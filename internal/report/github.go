package report

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// GitHub writes GitHub Actions workflow commands, one line per finding, so
// a workflow step annotates the files of a pull request:
//
//	::error file=manifests/web.yaml,line=14,title=ML201 host-header-passthrough::message. Fix: remediation
//
// then a plain summary line, so whoever reads the log sees the count.
// Escaping follows the Actions toolkit (packages/core/src/command.ts
// escapeData and escapeProperty); a message's newlines stay newlines in the
// annotation and cannot start a second command.
type GitHub struct {
	Root string // paths are made relative to it (Options.SourceRoot)
}

// Format implements Formatter.
func (g GitHub) Format(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	for _, err := range r.Errors {
		file, line, msg := inputError(err)
		writeCommand(bw, "error", rooted(g.Root, file), line, "input error", msg)
	}
	for _, n := range r.Notices {
		writeCommand(bw, "warning", rooted(g.Root, n.File), n.Line, "input notice", n.Msg)
	}
	for i := range r.Findings {
		f := &r.Findings[i]
		msg := withFix(f)
		if f.File == "" || f.Line == 0 { // the location alone does not name the object
			msg = f.Object.String() + ": " + msg
		}
		writeCommand(bw, severityWord(f.Severity, "notice", "notice"), rooted(g.Root, f.File), f.Line, f.Rule+" "+f.Name, msg)
	}
	bw.WriteString(summaryLine(r) + "\n")
	return bw.Flush()
}

// writeCommand writes ::cmd props::data, leaving out file= when there is no
// file and line= when the line is unknown.
func writeCommand(w *bufio.Writer, cmd, file string, line int, title, data string) {
	var props []string
	if file != "" {
		props = append(props, "file="+escapeProperty(file))
		if line > 0 {
			props = append(props, "line="+strconv.Itoa(line))
		}
	}
	props = append(props, "title="+escapeProperty(strings.TrimSpace(title)))
	fmt.Fprintf(w, "::%s %s::%s\n", cmd, strings.Join(props, ","), escapeData(data))
}

// Actions toolkit, packages/core/src/command.ts.
var (
	dataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

func escapeData(s string) string     { return dataEscaper.Replace(s) }
func escapeProperty(s string) string { return propertyEscaper.Replace(s) }
