package yamledit

import (
	"fmt"
	"reflect"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mutate"
)

// verify decodes the edited text as the loader does and checks it against
// the intent: each target decodes to its body with the edits applied, and
// every other object and skipped document is as it was.
func verify(name string, before, after []byte, targets []Target) error {
	was := manifest.LoadBytes(name, before, manifest.Options{})
	now := manifest.LoadBytes(name, after, manifest.Options{})
	if len(was.Errors) > 0 {
		return fmt.Errorf("%w", was.Errors[0])
	}
	if len(now.Errors) > 0 {
		return fmt.Errorf("%s: the edited text does not load (%v); nothing written", name, now.Errors[0])
	}
	if len(now.Objects) != len(was.Objects) || len(now.Skipped) != len(was.Skipped) {
		return fmt.Errorf("%s: the edited text holds other documents than the original; nothing written", name)
	}
	want := map[string]map[string]any{}
	for _, tg := range targets {
		body, err := mutate.ApplyEdits(tg.Object.Body, tg.Edits)
		if err != nil {
			return fmt.Errorf("%s:%d: %s: %w", name, tg.Object.Line, tg.Object.Ref(), err)
		}
		want[identity(tg.Object)] = body
	}
	for i, o := range now.Objects {
		body, edited := want[identity(was.Objects[i])]
		if !edited {
			body = was.Objects[i].Body
		}
		if !reflect.DeepEqual(o.Body, body) {
			return fmt.Errorf("%s:%d: %s: the edited text does not decode to the intended object; nothing written", name, was.Objects[i].Line, o.Ref())
		}
	}
	return nil
}

func identity(o *manifest.Object) string {
	return fmt.Sprint(o.Line, " ", o.Ref())
}
