package manifest

import (
	"fmt"
	"regexp"
)

// A file met in a directory walk is a manifest by its content when one of
// its documents is a mapping with apiVersion and kind (whatever their
// values), or, where a document could not be parsed, when its text has
// both keys: at the start of a line, as a manifest's top-level keys stand
// in YAML, or quoted before a colon anywhere, as in JSON. A file that is
// not is skipped with one notice instead of its errors and notices: a
// repository holds tsconfig.json files with comments, JSON-lines data,
// CI workflows, docker-compose and Helm values files beside its manifests
// (kube-linter reads every .yaml of a walk the same way, and fails on what
// is not YAML). A file named on the command line is never skipped: it was
// meant to be a manifest. Errors found before the text was read (an
// unreadable file, a NUL byte, a document over the size limit) stay
// errors: they tell nothing of the content.
var (
	yamlAPIVersion = regexp.MustCompile(`(?m)^["']?apiVersion["']?[ \t]*:`)
	yamlKind       = regexp.MustCompile(`(?m)^["']?kind["']?[ \t]*:`)
	jsonAPIVersion = regexp.MustCompile(`"apiVersion"\s*:`)
	jsonKind       = regexp.MustCompile(`"kind"\s*:`)
)

// skipNonManifest turns the output of a walked file that is not a manifest
// by its content into one notice.
func skipNonManifest(name string, ps []*part) {
	if isManifest(ps) {
		return
	}
	reason := firstReason(ps)
	for _, p := range ps {
		p.out = output{}
	}
	ps[0].out.skip(origin{name: name}, 0, "not a Kubernetes manifest, skipped: no document has apiVersion and kind"+reason)
}

// isManifest tells whether the parts of a file make it a manifest, or
// whether nothing can be said (an empty file, an error before parsing).
func isManifest(ps []*part) bool {
	said := false
	for _, p := range ps {
		switch {
		case len(p.out.objs) > 0 || p.out.kube:
			return true
		case len(p.out.errs) > 0 && (p.src == nil || hasKubeKeys(p.whole())):
			return true
		}
		said = said || len(p.out.errs) > 0 || len(p.out.skips) > 0
	}
	return !said
}

// whole is the text a part was decoded from: its document, or the whole
// file for a JSON file.
func (p *part) whole() []byte {
	if p.done {
		return p.src.data
	}
	return p.text()
}

func hasKubeKeys(text []byte) bool {
	return yamlAPIVersion.Match(text) && yamlKind.Match(text) ||
		jsonAPIVersion.Match(text) && jsonKind.Match(text)
}

// firstReason is the first error or notice of a file, for the notice
// that replaces them.
func firstReason(ps []*part) string {
	for _, p := range ps {
		if len(p.out.errs) > 0 {
			if e, ok := p.out.errs[0].(*Error); ok && e.Line > 0 {
				return fmt.Sprintf(" (line %d: %s)", e.Line, e.Msg)
			}
			return fmt.Sprintf(" (%v)", p.out.errs[0])
		}
		if len(p.out.skips) > 0 {
			return fmt.Sprintf(" (line %d: %s)", p.out.skips[0].Line, p.out.skips[0].Reason)
		}
	}
	return ""
}
