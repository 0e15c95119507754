package config

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Load reads a config file over the defaults: keys it omits keep their
// default; a list it sets replaces the default list. Unknown keys, bad
// values and ignores without a reason are errors naming file and line.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	return parse(path, data)
}

func parse(file string, data []byte) (*Config, error) {
	cfg := Default()
	cfg.File = file
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, positioned(file, err)
	}
	if len(doc.Content) == 0 { // empty file: all defaults
		return cfg, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d: the config must be a mapping of keys", file, root.Line)
	}
	// Node.Decode has no strict mode, so unknown keys are found by walking
	// the tree against the struct's yaml tags, which also gives their line.
	if errs := unknownKeys(root, reflect.TypeOf(Config{}), ""); len(errs) > 0 {
		return nil, join(file, errs)
	}
	if err := root.Decode(cfg); err != nil {
		return nil, positioned(file, err)
	}
	if errs := cfg.check(root); len(errs) > 0 {
		return nil, join(file, errs)
	}
	return cfg, nil
}

// lineError is a problem at a line of the config file.
type lineError struct {
	line int
	msg  string
}

func errorf(line int, format string, args ...any) lineError {
	return lineError{line, fmt.Sprintf(format, args...)}
}

func join(file string, errs []lineError) error {
	slices.SortStableFunc(errs, func(a, b lineError) int { return a.line - b.line })
	out := make([]error, len(errs))
	for i, e := range errs {
		out[i] = fmt.Errorf("%s:%d: %s", file, e.line, e.msg)
	}
	return errors.Join(out...)
}

func unknownKeys(n *yaml.Node, t reflect.Type, at string) []lineError {
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var errs []lineError
	switch {
	case t.Kind() == reflect.Struct && n.Kind == yaml.MappingNode:
		fields := yamlFields(t)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if ft, ok := fields[k.Value]; ok {
				errs = append(errs, unknownKeys(n.Content[i+1], ft, child(at, k.Value))...)
			} else {
				errs = append(errs, errorf(k.Line, "unknown key %q%s", k.Value, where(at)))
			}
		}
	case t.Kind() == reflect.Slice && n.Kind == yaml.SequenceNode:
		for i, item := range n.Content {
			errs = append(errs, unknownKeys(item, t.Elem(), fmt.Sprintf("%s[%d]", at, i))...)
		}
	case t.Kind() == reflect.Map && n.Kind == yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			errs = append(errs, unknownKeys(n.Content[i+1], t.Elem(), child(at, n.Content[i].Value))...)
		}
	}
	return errs
}

func child(at, key string) string {
	if at == "" {
		return key
	}
	return at + "." + key
}

func where(at string) string {
	if at == "" {
		return ""
	}
	return " in " + at
}

// yamlFields maps a struct's yaml keys to field types.
func yamlFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name != "" && name != "-" {
			out[name] = f.Type
		}
	}
	return out
}

var yamlLine = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// positioned rewrites yaml's "line N: msg" errors as "file:N: msg".
func positioned(file string, err error) error {
	var msgs []string
	if te, ok := err.(*yaml.TypeError); ok {
		msgs = te.Errors
	} else {
		msgs = []string{err.Error()}
	}
	out := make([]error, len(msgs))
	for i, m := range msgs {
		if g := yamlLine.FindStringSubmatch(m); g != nil {
			out[i] = fmt.Errorf("%s:%s: %s", file, g[1], g[2])
		} else {
			out[i] = fmt.Errorf("%s: %s", file, strings.TrimPrefix(m, "yaml: "))
		}
	}
	return errors.Join(out...)
}
