package manifest

// Release cuts the object's Body (and those of its Earlier definitions)
// down to its metadata. It is for a caller that has modelled the objects
// and reads nothing of them afterwards but their names, metadata (labels,
// annotations: the ignore annotations) and positions, which the tree of
// positions keeps apart from Body: a lint run, whose decoded manifests
// are otherwise about a third of its peak memory while the rules run
// (validate.Validator.LintReleasing).
func (o *Object) Release() {
	if o.released { // the model released it as it was built (mesh.BuildOptions)
		return
	}
	for _, e := range o.Earlier {
		e.Release()
	}
	o.released = true
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

// ReadAfterRelease, when set (tests set it), is called by Decoded with a
// released object: the model reads bodies only while it is built, and a
// read after Release would be a verdict taken from a body cut to its
// metadata.
var ReadAfterRelease func(*Object)

// Decoded returns Body, for the readers that must not run after Release
// (every read of a body by the model).
func (o *Object) Decoded() map[string]any {
	if o.released && ReadAfterRelease != nil {
		ReadAfterRelease(o)
	}
	return o.Body
}
