package mesh

import "github.com/meshlint/meshlint/internal/manifest"

// body is o's decoded document. The model reads bodies through it alone,
// and only while it is built: a lint releases them then
// (validate.Validator.LintReleasing), and the tests fail a read after
// that (manifest.ReadAfterRelease).
func body(o *manifest.Object) map[string]any { return o.Decoded() }
