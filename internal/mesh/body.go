package mesh

import "github.com/meshlint/meshlint/internal/manifest"

// body is o's decoded document. The model reads bodies through it alone,
// and only while it is built: a lint releases them then
// (validate.Validator.LintReleasing), and the tests fail a read after
// that (manifest.ReadAfterRelease).
//
// The positions of a document's fields go with its body, so the lines
// the facts carry are read as the model is built too, and kept beside
// what they locate (Service ports, PeerAuthentication modes, policies'
// rules...): the facts are built while the rules run.
func body(o *manifest.Object) map[string]any { return o.Decoded() }
