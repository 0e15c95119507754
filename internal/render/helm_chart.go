package render

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/meshlint/meshlint/internal/manifest"
	"helm.sh/helm/v3/pkg/chart"
	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/chartutil"
)

// chartTree knows where on disk each template and file of a loaded chart lives.
// Paths are keyed by the *chart.File the loader made: ProcessDependencies
// copies aliased subcharts but shares their files, so the keys survive it.
// A subchart vendored as an archive has paths inside it
// (dir/charts/x-1.0.0.tgz/templates/a.yaml), which exist nowhere on disk.
type chartTree struct {
	dir     string
	src     map[*chart.File]string
	tpls    map[string]*chartTemplate     // by Helm's name, "blog/charts/sub/templates/a.yaml"
	defines map[string]string             // named template -> body, over the whole tree
	files   map[*chart.Chart][]*chartFile // cache of chartFiles
}

// chartTemplate is one template of the processed chart tree.
type chartTemplate struct {
	path  string
	chart *chart.Chart
	t     *tmpl
}

func newChartTree(ch *chart.Chart, dir string) *chartTree {
	t := &chartTree{dir: dir, src: map[*chart.File]string{}, tpls: map[string]*chartTemplate{},
		defines: map[string]string{}, files: map[*chart.Chart][]*chartFile{}}
	t.locate(ch, dir)
	return t
}

// locate records the paths of c's files, c being at dir.
func (t *chartTree) locate(c *chart.Chart, dir string) {
	for _, f := range append(append([]*chart.File{}, c.Templates...), c.Files...) {
		t.src[f] = filepath.Join(dir, filepath.FromSlash(f.Name))
	}
	subs := subcharts(dir)
	for _, d := range c.Dependencies() {
		p, ok := subs[d.Metadata.Name+"@"+d.Metadata.Version]
		if !ok {
			p = filepath.Join(dir, "charts", d.Name())
		}
		t.locate(d, p)
	}
}

// subcharts finds the directories and archives under dir/charts, by
// chart name@version: the loader does not say where a subchart came from,
// and its directory need not bear its name.
func subcharts(dir string) map[string]string {
	out := map[string]string{}
	entries, err := os.ReadDir(filepath.Join(dir, "charts"))
	if err != nil {
		return out
	}
	for _, e := range entries {
		if strings.IndexAny(e.Name(), "_.") == 0 { // the loader skips these too
			continue
		}
		p := filepath.Join(dir, "charts", e.Name())
		var md *chart.Metadata
		if fi, err := os.Stat(p); err == nil && fi.IsDir() {
			md, _ = chartutil.LoadChartfile(filepath.Join(p, "Chart.yaml"))
		} else if filepath.Ext(p) == ".tgz" {
			if c, err := loader.LoadFile(p); err == nil {
				md = c.Metadata
			}
		}
		if md != nil {
			out[md.Name+"@"+md.Version] = p
		}
	}
	return out
}

// index lists the templates of the processed tree (disabled subcharts
// gone, aliases renamed) under the names the engine gives them.
// Helm: pkg/engine/engine.go recAllTpls.
func (t *chartTree) index(ch *chart.Chart) {
	walkCharts(ch, func(c *chart.Chart) {
		for _, f := range c.Templates {
			name := path.Join(c.ChartFullPath(), f.Name)
			p, ok := t.src[f]
			if !ok {
				_, rel, _ := strings.Cut(name, "/")
				p = filepath.Join(t.dir, filepath.FromSlash(rel))
			}
			tp := &chartTemplate{path: p, chart: c, t: parseTemplate(string(f.Data), false)}
			t.tpls[name] = tp
			for n, body := range tp.t.defines {
				t.defines[n] += body
			}
		}
	})
}

// rendered turns the engine's output into Files, skipping what helm template
// leaves out: partials, NOTES.txt and templates that render to nothing.
func (t *chartTree) rendered(out map[string]string) []File {
	names := make([]string, 0, len(out))
	for n := range out {
		names = append(names, n)
	}
	sort.Strings(names)
	var files []File
	used := map[string]bool{}
	for _, n := range names {
		text, tp := out[n], t.tpls[n]
		if tp == nil || strings.HasPrefix(path.Base(n), "_") || strings.HasSuffix(n, "NOTES.txt") || rendersNothing(text) {
			continue
		}
		mp := &lineMapper{t: tp.t, path: tp.path, files: t.chartFiles(tp.chart), defines: t.defines}
		_, rel, _ := strings.Cut(n, "/")
		name := uniqueName(used, tp.path, filepath.Join(t.dir, filepath.FromSlash(rel)))
		files = append(files, File{Name: name, Data: []byte(text), Lines: mp.lines(text)})
	}
	return files
}

// uniqueName names a file by its template's path; a template rendered twice
// (a subchart under two aliases) is named the second time by the path
// Helm gives it, dir/charts/<alias>/templates/a.yaml.
func uniqueName(used map[string]bool, p, alt string) string {
	name := p
	if used[name] {
		name = alt
	}
	for k := 2; used[name]; k++ {
		name = fmt.Sprintf("%s#%d", alt, k)
	}
	used[name] = true
	return name
}

// rendersNothing tells whether rendered text holds no YAML: blanks, document
// separators and comments only.
func rendersNothing(text string) bool {
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		if l != "" && l != "---" && !strings.HasPrefix(l, "#") {
			return false
		}
	}
	return true
}

func (t *chartTree) chartFiles(c *chart.Chart) []*chartFile {
	if fs, ok := t.files[c]; ok {
		return fs
	}
	var fs []*chartFile
	for _, f := range c.Files {
		fs = append(fs, &chartFile{name: f.Name, path: t.src[f], data: string(f.Data)})
	}
	t.files[c] = fs
	return fs
}

// helmLoc is a template position in an engine error: "name:line" or
// "name:line:col".
var helmLoc = regexp.MustCompile(`^:(\d+)`)

// blame places a rendering error at the file and line of the first
// template position it names, as Helm reports it: "parse error at
// (blog/templates/a.yaml:4): ..." becomes a *manifest.Error at
// dir/templates/a.yaml line 4 with Helm's message.
func (t *chartTree) blame(err error) error {
	msg := shortenIncludeChain(err.Error())
	at, file, line := len(msg), "", 0
	for n, tp := range t.tpls {
		for off := 0; ; {
			i := strings.Index(msg[off:], n)
			if i < 0 || off+i > at {
				break
			}
			i += off
			if m := helmLoc.FindStringSubmatch(msg[i+len(n):]); m != nil {
				at, file = i, tp.path
				line, _ = strconv.Atoi(m[1])
				break
			}
			off = i + 1
		}
	}
	if file == "" {
		return fmt.Errorf("render chart %s: %s", t.dir, msg)
	}
	return &manifest.Error{File: file, Line: line, Msg: msg}
}
