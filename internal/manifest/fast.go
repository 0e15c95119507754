package manifest

import (
	"sync"

	"github.com/meshlint/meshlint/internal/fastyaml"
)

// parsers are reused: a document's tree is dropped once converted.
var parsers = sync.Pool{New: func() any { return new(fastyaml.Parser) }}

// maxPooled bounds the nodes a pooled parser keeps: one huge document
// must not pin its memory for the rest of the run.
const maxPooled = 1 << 16

// decodeFast decodes the parts in the block subset of YAML that manifests
// are written in with fastyaml, which builds yaml.v3's tree several times
// faster, and returns the others, which yaml.v3 decodes. Parts with bad
// text are left to yaml.v3's path, which reports them.
func decodeFast(ps []*part, b *posBuilder) []*part {
	fp := parsers.Get().(*fastyaml.Parser)
	defer func() {
		if fp.Size() <= maxPooled {
			parsers.Put(fp)
		}
	}()
	rest := ps[:0:0]
	for _, p := range ps {
		if p.done || textError(p.name, p.text(), p.line) != nil {
			rest = append(rest, p)
			continue
		}
		// A part's text is never written again: a block of the file
		// (docStream) only grows past what it has handed out, and a JSON
		// file is read whole into its own slice; the source keeps it for
		// TextLine, so the tree's strings share it (ParseShared).
		doc, ok := fp.ParseShared(p.text())
		if !ok {
			rest = append(rest, p)
			continue
		}
		place(doc, p.line-1)
		p.out.addDoc(p.origin, doc, len(p.text()), b)
	}
	return rest
}
