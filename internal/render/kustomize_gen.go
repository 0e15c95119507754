package render

import (
	"os"
	"strings"

	"go.yaml.in/yaml/v3"
)

// genEntry is the configMapGenerator or secretGenerator entry a generated
// object comes from.
type genEntry struct {
	m      *mapper
	k      *kfile
	node   *yaml.Node // the entry
	secret bool
}

// generator finds the entry of the kustomization at abs that generated
// the object: kustomize's origin names the file and the generator kind
// (ConfigMapGenerator, SecretGenerator), not the entry. The entry's name
// is the longest that the built name holds (which adds prefixes, suffixes
// and the content hash); its namespace, if it has one, must be the
// object's.
func (m *mapper) generator(abs, by string, id objID) *genEntry {
	k := m.kfile(abs)
	field := map[string]string{"ConfigMapGenerator": "configMapGenerator", "SecretGenerator": "secretGenerator"}[by]
	if k == nil || field == "" {
		return nil
	}
	var best *yaml.Node
	for _, e := range k.items(field) {
		name, ns := yamlString(e, "name"), yamlString(e, "namespace")
		if name == "" || !strings.Contains(id.name, name) || (ns != "" && ns != id.ns) {
			continue
		}
		if best == nil || len(name) > len(yamlString(best, "name")) {
			best = e
		}
	}
	if best == nil {
		return nil
	}
	return &genEntry{m: m, k: k, node: best, secret: field == "secretGenerator"}
}

// kfile returns the kustomization at abs: one the build read, else read
// now (kustomize names the file that configured a generator by its path).
func (m *mapper) kfile(abs string) *kfile {
	if k, ok := m.kfiles[abs]; ok {
		return k
	}
	var k *kfile
	if data, err := os.ReadFile(abs); err == nil {
		k = parseKfile(abs, m.fs.show(abs), data)
	}
	m.kfiles[abs] = k
	return k
}

// pos maps a place of a generated object: a data entry to its source (the
// line of a file, of an env file, of a literal), a field the entry sets
// (name, namespace, type, options.labels and annotations) to that field,
// anything else to the entry.
func (g *genEntry) pos(p place) Pos {
	ks := p.keys()
	if len(ks) >= 2 && (ks[0] == "data" || ks[0] == "binaryData") {
		for _, s := range genSources(g.node) {
			if pos, ok := g.dataPos(s, ks[1], p); ok {
				return pos
			}
		}
	}
	path := ks
	switch {
	case len(ks) == 2 && ks[0] == "metadata" && (ks[1] == "name" || ks[1] == "namespace"):
		path = ks[1:]
	case len(ks) == 3 && ks[0] == "metadata" && (ks[1] == "labels" || ks[1] == "annotations"):
		path = []string{"options", ks[1], ks[2]}
	}
	if line := yamlKeyLine(g.node, path); line > 0 {
		return Pos{File: g.k.show, Line: line}
	}
	return Pos{File: g.k.show, Line: g.node.Line}
}

// dataPos maps a place in data entry key if source s makes it. A file's
// text lines map to its lines when the text matches, the entry itself to
// the files: item; a one-line value to the file (line 1 for a ConfigMap,
// the whole file for a Secret, whose value is base64).
func (g *genEntry) dataPos(s genSource, key string, p place) (Pos, bool) {
	switch {
	case s.kind == "literals" && s.key == key:
		return Pos{File: g.k.show, Line: s.line}, true
	case s.kind == "envs":
		abs := joinPath(g.k.dir(), s.path)
		if line := envLine(g.m.lines(abs), key); line > 0 {
			return Pos{File: g.m.fs.show(abs), Line: line}, true
		}
	case s.kind == "files" && s.key == key:
		abs := joinPath(g.k.dir(), s.path)
		text, show := g.m.lines(abs), g.m.fs.show(abs)
		switch {
		case p.inner > 0 && p.inner <= len(text) && text[p.inner-1] == p.text:
			return Pos{File: show, Line: p.inner}, true
		case p.inner > 0 || g.secret || len(text) == 0:
			return Pos{File: show}, true
		case p.block:
			return Pos{File: g.k.show, Line: s.line}, true
		}
		return Pos{File: show, Line: 1}, true
	}
	return Pos{}, false
}

// envLine returns the line of key in an env file, as kustomize reads it
// (api/kv/kv.go keyValuesFromLines): KEY=value lines, # comments.
func envLine(text []string, key string) int {
	for i, l := range text {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		if k, _, _ := strings.Cut(l, "="); strings.TrimSpace(k) == key {
			return i + 1
		}
	}
	return 0
}

// yamlKeyLine returns the line of the key at path in mapping n, 0 if absent.
func yamlKeyLine(n *yaml.Node, path []string) int {
	line := 0
	for _, key := range path {
		k, v := yamlEntry(n, key)
		if k == nil {
			return 0
		}
		n, line = v, k.Line
	}
	return line
}
