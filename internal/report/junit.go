package report

import (
	"bufio"
	"encoding/xml"
	"io"
	"strconv"
	"strings"

	"github.com/meshlint/meshlint/internal/finding"
	"github.com/meshlint/meshlint/internal/manifest"
)

// JUnit writes JUnit XML for CI test reports (GitLab, Jenkins): one
// testsuite per rule that ran, one testcase per object linted, so passes
// show as well as failures. All findings of one rule on one object share
// one <failure>, because GitLab reads only one per testcase; info findings
// are not failures and go to <system-out>. Input errors are a testsuite
// "input" of erroring testcases.
//
// Testcases are streamed: 10,000 objects x 15 rules never sit in memory as
// one document.
type JUnit struct{}

type junitCase struct {
	XMLName   xml.Name      `xml:"testcase"`
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
	SystemOut *junitText    `xml:"system-out,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Body    string `xml:",cdata"`
}

// junitText is a text element written as CDATA, so multi-line bodies stay
// readable in the file (chardata would turn every newline into &#xA;).
type junitText struct {
	Text string `xml:",cdata"`
}

// junitObject is a testcase: one object, wherever it came from. Key tells
// objects apart (the same ref may sit in two files).
type junitObject struct {
	Ref       manifest.Ref
	File, Key string
}

func newJUnitObject(ref manifest.Ref, file string) junitObject {
	return junitObject{Ref: ref, File: file, Key: ref.String() + "\x00" + file}
}

// junitRun is a report regrouped for JUnit: findings by rule, then object.
type junitRun struct {
	rules   []rule
	objects []junitObject
	byRule  map[string]map[string][]*finding.Finding
}

// Format implements Formatter.
func (JUnit) Format(w io.Writer, r *Report) error {
	run := newJUnitRun(r)
	bw := bufio.NewWriter(w)
	bw.WriteString(xml.Header)
	enc := xml.NewEncoder(bw)
	enc.Indent("", "  ")
	if err := run.write(enc, r.Errors); err != nil {
		return err
	}
	bw.WriteString("\n")
	return bw.Flush()
}

func (run *junitRun) write(enc *xml.Encoder, errs []error) error {
	tests, failures := len(errs), 0
	for _, rl := range run.rules {
		tests += len(run.objects)
		failures += run.failures(rl.ID)
	}
	root := element("testsuites", "name", "meshlint", "tests", strconv.Itoa(tests),
		"failures", strconv.Itoa(failures), "errors", strconv.Itoa(len(errs)))
	if err := enc.EncodeToken(root); err != nil {
		return err
	}
	for _, rl := range run.rules {
		if err := run.writeSuite(enc, rl); err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		if err := writeInputSuite(enc, errs); err != nil {
			return err
		}
	}
	if err := enc.EncodeToken(root.End()); err != nil {
		return err
	}
	return enc.Close()
}

// newJUnitRun lists the testcases: the objects linted, then any object
// with findings that Linted lacks (all of them when Linted is nil).
func newJUnitRun(r *Report) *junitRun {
	run := &junitRun{rules: rulesOf(ranRules(r), r.Findings), byRule: map[string]map[string][]*finding.Finding{}}
	seen := make(map[string]bool, len(r.Linted))
	add := func(o junitObject) {
		if !seen[o.Key] {
			seen[o.Key] = true
			run.objects = append(run.objects, o)
		}
	}
	for _, l := range r.Linted {
		add(newJUnitObject(l.Ref, l.File))
	}
	for i := range r.Findings {
		f := &r.Findings[i]
		o := newJUnitObject(f.Object, f.File)
		add(o)
		if run.byRule[f.Rule] == nil {
			run.byRule[f.Rule] = map[string][]*finding.Finding{}
		}
		run.byRule[f.Rule][o.Key] = append(run.byRule[f.Rule][o.Key], f)
	}
	return run
}

// failures counts the objects on which rule reported a warning or error.
func (run *junitRun) failures(ruleID string) int {
	n := 0
	for _, fs := range run.byRule[ruleID] {
		if failing(fs) {
			n++
		}
	}
	return n
}

func (run *junitRun) writeSuite(enc *xml.Encoder, rl rule) error {
	suite := element("testsuite", "name", rl.title(), "tests", strconv.Itoa(len(run.objects)),
		"failures", strconv.Itoa(run.failures(rl.ID)), "errors", "0")
	if err := enc.EncodeToken(suite); err != nil {
		return err
	}
	for _, o := range run.objects {
		if err := enc.Encode(junitCaseOf(o, run.byRule[rl.ID][o.Key])); err != nil {
			return err
		}
	}
	return enc.EncodeToken(suite.End())
}

// junitCaseOf is one object under one rule: passed when fs is empty, a
// failure carrying every warning and error, info in system-out.
func junitCaseOf(o junitObject, fs []*finding.Finding) *junitCase {
	c := &junitCase{Name: o.Ref.String(), Classname: o.File, File: o.File}
	if o.File == "" {
		c.Classname = o.Ref.String()
	}
	var fail, info strings.Builder
	var msgs []string
	worst := finding.None
	for _, f := range fs {
		if f.Severity < finding.Warning {
			writeJUnitFinding(&info, f)
			continue
		}
		writeJUnitFinding(&fail, f)
		msgs = append(msgs, f.Message)
		worst = max(worst, f.Severity)
	}
	if len(msgs) > 0 {
		c.Failure = &junitProblem{Message: strings.Join(msgs, "; "), Type: worst.String(), Body: xmlChars(fail.String())}
	}
	if info.Len() > 0 {
		c.SystemOut = &junitText{Text: xmlChars(info.String())}
	}
	return c
}

// writeJUnitFinding writes one finding as a block, blank-line separated.
func writeJUnitFinding(b *strings.Builder, f *finding.Finding) {
	if b.Len() > 0 {
		b.WriteString("\n")
	}
	indent(b, f.Severity.String()+": ", "  ", f.Message)
	if f.Remediation != "" {
		indent(b, "fix: ", "     ", f.Remediation)
	}
	if f.File != "" {
		b.WriteString("at: " + location(*f) + "\n")
	}
	if len(f.Related) > 0 {
		refs := make([]string, len(f.Related))
		for i, r := range f.Related {
			refs[i] = r.String()
		}
		b.WriteString("related: " + strings.Join(refs, ", ") + "\n")
	}
}

func failing(fs []*finding.Finding) bool {
	for _, f := range fs {
		if f.Severity >= finding.Warning {
			return true
		}
	}
	return false
}

// writeInputSuite reports each input error as an erroring testcase.
func writeInputSuite(enc *xml.Encoder, errs []error) error {
	n := strconv.Itoa(len(errs))
	suite := element("testsuite", "name", "input", "tests", n, "failures", "0", "errors", n)
	if err := enc.EncodeToken(suite); err != nil {
		return err
	}
	for _, e := range errs {
		file, line, msg := inputError(e)
		c := &junitCase{Name: e.Error(), Classname: "input", File: file,
			Error: &junitProblem{Message: msg, Type: "input error", Body: xmlChars(e.Error())}}
		if file != "" {
			c.Name = location(finding.Finding{File: file, Line: line})
		}
		if err := enc.Encode(c); err != nil {
			return err
		}
	}
	return enc.EncodeToken(suite.End())
}

// xmlChars replaces what XML 1.0 cannot carry (control characters, say
// an ANSI escape in a message) with U+FFFD. encoding/xml does this for
// attributes and chardata but writes CDATA as is.
func xmlChars(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r',
			r >= 0x20 && r <= 0xD7FF, r >= 0xE000 && r <= 0xFFFD, r >= 0x10000 && r <= 0x10FFFF:
			return r
		}
		return '\uFFFD'
	}, s)
}

// element builds a start element from name, value pairs.
func element(name string, attrs ...string) xml.StartElement {
	e := xml.StartElement{Name: xml.Name{Local: name}}
	for i := 0; i+1 < len(attrs); i += 2 {
		e.Attr = append(e.Attr, xml.Attr{Name: xml.Name{Local: attrs[i]}, Value: attrs[i+1]})
	}
	return e
}
