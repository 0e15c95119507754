package admission

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mesh"
)

// ErrBadObject wraps every error about the request's objects: the webhook
// answers them as bad requests (or, per its policy, allows them with a
// warning), never as its own failure.
var ErrBadObject = errors.New("bad admission object")

// change is a request decoded: the object before and after it (nil when
// absent) and where it lives.
type change struct {
	req      Request
	old, new *manifest.Object
	home     string
}

// current is the object as it is after the change, else as it was.
func (c *change) current() *manifest.Object {
	if c.new != nil {
		return c.new
	}
	return c.old
}

// decodeChange decodes the request's objects. skip is why the request
// needs no evaluation at all; err is a request that cannot be evaluated.
func decodeChange(req Request) (c *change, skip string, err error) {
	if !readsKind(req.Kind) && req.Kind != "" {
		return nil, "kind " + req.Kind + " is not read by meshlint", nil
	}
	c = &change{req: req}
	switch req.Operation {
	case Create, Update:
		if c.new, err = decodeObject(req, req.Object, "object"); err == nil && req.Operation == Update && present(req.OldObject) {
			c.old, err = decodeObject(req, req.OldObject, "oldObject")
		}
	case Delete:
		c.old, err = decodeObject(req, req.OldObject, "oldObject")
	default:
		return nil, "operation " + string(req.Operation) + " is not evaluated", nil
	}
	if err != nil {
		return nil, "", err
	}
	o := c.current()
	if c.old != nil && c.new != nil && !sameKey(c.old, c.new) {
		return nil, "", fmt.Errorf("%w: object %s and oldObject %s differ in kind, namespace or name", ErrBadObject, c.new.Ref(), c.old.Ref())
	}
	c.home = home(o)
	switch {
	case !Reads(o):
		return nil, o.APIVersion + " " + o.Kind + " is not read by meshlint", nil
	case ownerWorkload(o) != "" && req.OwnerVerified:
		return nil, "managed by " + ownerWorkload(o) + ", whose pod template is judged instead", nil
	case c.new != nil && deleting(c.new):
		return nil, "the object is being deleted", nil
	case req.Operation == Delete && o.Kind == "Namespace":
		return nil, "deleting a namespace deletes its objects: nothing is left to judge", nil
	}
	return c, "", nil
}

func present(data []byte) bool {
	d := bytes.TrimSpace(data)
	return len(d) > 0 && !bytes.Equal(d, []byte("null"))
}

// decodeObject decodes one object of the request with the loader the CLI
// uses. The API server may send a CREATE before it sets the namespace or a
// generated name: the request's own fill in.
func decodeObject(req Request, data []byte, field string) (*manifest.Object, error) {
	if !present(data) {
		return nil, fmt.Errorf("%w: %s %s without %s", ErrBadObject, req.Operation, req.Kind, field)
	}
	// The .json name keeps the loader from reading malformed JSON as YAML.
	res := manifest.LoadBytes(field+".json", data, manifest.Options{})
	switch {
	case len(res.Errors) > 0:
		return nil, fmt.Errorf("%w: %v", ErrBadObject, res.Errors[0])
	case len(res.Skipped) > 0 && len(res.Objects) == 0:
		return nil, fmt.Errorf("%w: %s: %s", ErrBadObject, field, res.Skipped[0].Reason)
	case len(res.Objects) != 1:
		return nil, fmt.Errorf("%w: %s holds %d objects, want 1", ErrBadObject, field, len(res.Objects))
	}
	o := res.Objects[0]
	if o.Namespace == "" && mesh.NamespaceOf(o) != "" && req.Namespace != "" {
		o.Namespace = req.Namespace
	}
	if o.Name == "" {
		o.Name = req.Name
	}
	// Named as the informers' objects are (webhook/convert.go): by
	// reference, no line (the request's JSON has none worth giving), so
	// that a state holding the object once it is stored is the state
	// holding it now (cache.go).
	o.File, o.Line = o.Ref().String(), 0
	return o, nil
}

// ObjectFromMap converts a decoded object (an unstructured.Unstructured's
// Object, or a typed object through runtime.DefaultUnstructuredConverter)
// into what the model reads, for the Store. Values are copied into the
// loader's types (int64, float64, string, bool, nil, maps, lists), so the
// Store shares nothing with the informer's cache; managedFields and
// kubectl's last-applied copy are dropped, which the model never reads.
// It returns nil for a map without apiVersion or kind.
func ObjectFromMap(m map[string]any) *manifest.Object {
	body, _ := normalize(m).(map[string]any)
	apiVersion, _ := body["apiVersion"].(string)
	kind, _ := body["kind"].(string)
	if apiVersion == "" || kind == "" {
		return nil
	}
	meta, _ := body["metadata"].(map[string]any)
	delete(meta, "managedFields")
	if ann, ok := meta["annotations"].(map[string]any); ok {
		delete(ann, lastApplied)
	}
	o := &manifest.Object{APIVersion: apiVersion, Kind: kind, Body: body}
	o.Namespace, _ = meta["namespace"].(string)
	o.Name, _ = meta["name"].(string)
	o.File = o.Ref().String()
	return o
}

// normalize deep-copies v into the loader's value types.
func normalize(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = normalize(x)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = normalize(x)
		}
		return out
	case []string:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = x
		}
		return out
	case map[string]string:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = x
		}
		return out
	case int:
		return int64(v)
	case int32:
		return int64(v)
	case float32:
		return float64(v)
	case string, bool, int64, float64, nil:
		return v
	}
	return strings.TrimSpace(fmt.Sprint(v)) // a type unstructured never holds
}
