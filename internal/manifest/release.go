package manifest

import "strings"

// ownPrefix is the prefix of meshlint's own annotations.
const ownPrefix = "meshlint.io/"

// ReleaseMetadata cuts the object's Body (and those of its Earlier
// definitions) to its meshlint.io/ annotations (the ignore annotation):
// for a caller that reads nothing of the object's body or metadata
// afterwards but those annotations: the model, once it has constructed
// the object (as it loads, mesh.Preparer, or once every object is
// added), and a lint once the model is built
// (validate.Validator.LintReleasing), which then lets go of the
// positions too (ReleasePositions). The decoded manifests are otherwise
// about a third of a large lint's peak memory while the rules run, their
// labels and annotations maps (about 800 bytes an object) and positions
// (about as much again) a quarter. The body, labels and every other
// annotation read as absent afterwards, and tests fail such a read
// (ReadAfterRelease).
func (o *Object) ReleaseMetadata() {
	for _, e := range o.Earlier { // before the return: o may have been released before it had them (mesh.Preparer)
		e.ReleaseMetadata()
	}
	if o.released {
		return
	}
	o.released = true
	meta, _ := o.Body["metadata"].(map[string]any)
	ann, _ := meta["annotations"].(map[string]any)
	var own map[string]any
	for k, v := range ann {
		if strings.HasPrefix(k, ownPrefix) {
			if own == nil {
				own = map[string]any{}
			}
			own[k] = v
		}
	}
	o.Body = nil
	if own != nil {
		o.Body = map[string]any{"metadata": map[string]any{"annotations": own}}
	}
}

// Released tells that ReleaseMetadata cut the body: a reader that may
// meet released objects (the model built from objects its constructors
// made something of as they were loaded, mesh.Preparer) skips them.
func (o *Object) Released() bool { return o.released }

// ReleasePositions lets go of the positions of the object's fields (and
// those of its Earlier definitions), and of its text's line index (which
// TextLine builds): FieldLine and TextLine then return its first line,
// and tests fail such a read (ReadAfterRelease).
func (o *Object) ReleasePositions() {
	for _, e := range o.Earlier {
		e.ReleasePositions()
	}
	o.tree, o.src, o.positionless = nil, nil, true
}

// ReadAfterRelease, when set (tests set it), is called by Decoded with a
// released object, and by the readers of what ReleaseMetadata and
// ReleasePositions drop (labels, annotations, field positions): the
// model reads bodies only while it is built, and a read after the
// release would be a verdict taken from a body cut to nearly nothing.
var ReadAfterRelease func(*Object)

// Decoded returns Body, for the readers that must not run after
// ReleaseMetadata (every read of a body by the model).
func (o *Object) Decoded() map[string]any {
	if o.released && ReadAfterRelease != nil {
		ReadAfterRelease(o)
	}
	return o.Body
}
