package manifest

import "strings"

// Release cuts the object's Body (and those of its Earlier definitions)
// down to its metadata. It is for a caller that has modelled the objects
// and reads nothing of them afterwards but their names, metadata (labels,
// annotations: the ignore annotations) and positions, which the tree of
// positions keeps apart from Body: a lint run, whose decoded manifests
// are otherwise about a third of its peak memory while the rules run
// (validate.Validator.LintReleasing).
func (o *Object) Release() {
	if o.released != keptAll { // the model released it as it was built (mesh.BuildOptions)
		return
	}
	for _, e := range o.Earlier {
		e.Release()
	}
	o.released = keptMetadata
	if _, ok := o.Body["metadata"]; !ok {
		o.Body = nil
		return
	}
	// In place: a new map of one key would cost as much as the one it
	// replaces (a small map is one group of eight slots), per object. No
	// reader keeps the top-level map: the model takes what is under it.
	for k := range o.Body {
		if k != "metadata" {
			delete(o.Body, k)
		}
	}
}

// kept is what a release left of an object's Body.
type kept uint8

const (
	keptAll      kept = iota
	keptMetadata      // Release
	keptOwn           // ReleaseMetadata
)

// ownPrefix is the prefix of meshlint's own annotations.
const ownPrefix = "meshlint.io/"

// ReleaseMetadata cuts the object's Body (and those of its Earlier
// definitions) further, to its meshlint.io/ annotations (the ignore
// annotation): for a caller that reads nothing of the object's metadata
// afterwards but those annotations: the model, once it has constructed
// the object, and a lint once the model is built
// (validate.Validator.LintReleasing), which then lets go of the
// positions too (ReleasePositions). The metadata a Release keeps (labels
// and annotations maps, about 800 bytes an object) and the positions
// (about as much again) are otherwise a quarter of what a large lint
// holds while the rules run. Labels and every other annotation read as
// absent afterwards, and tests fail such a read (ReadAfterRelease).
func (o *Object) ReleaseMetadata() {
	if o.released == keptOwn {
		return
	}
	o.Release()
	for _, e := range o.Earlier {
		e.ReleaseMetadata()
	}
	o.released = keptOwn
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

// ReleasePositions lets go of the positions of the object's fields (and
// those of its Earlier definitions): FieldLine and TextLine then return
// its first line, and tests fail such a read (ReadAfterRelease).
func (o *Object) ReleasePositions() {
	for _, e := range o.Earlier {
		e.ReleasePositions()
	}
	o.tree, o.positionless = nil, true
}

// ReadAfterRelease, when set (tests set it), is called by Decoded with a
// released object, and by the readers of what ReleaseMetadata drops
// (labels, annotations, field positions): the model reads bodies only
// while it is built, and a read after Release would be a verdict taken
// from a body cut to its metadata.
var ReadAfterRelease func(*Object)

// Decoded returns Body, for the readers that must not run after Release
// (every read of a body by the model).
func (o *Object) Decoded() map[string]any {
	if o.released != keptAll && ReadAfterRelease != nil {
		ReadAfterRelease(o)
	}
	return o.Body
}
