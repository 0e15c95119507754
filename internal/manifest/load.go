package manifest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// Stdin is what the path "-" reads; tests replace it.
var Stdin io.Reader = os.Stdin

// Options tune loading.
type Options struct {
	// MaxDocumentSize is the limit of one YAML document, and of a JSON
	// file, in bytes; 0 means DefaultMaxDocumentSize, and it is never more
	// than MaxDocumentLimit. Files have none.
	MaxDocumentSize int64
	// Skip, when set, is asked about every directory and manifest file met
	// while walking a directory (never about the paths given): true leaves
	// it out (a directory with all it holds).
	Skip func(path string, dir bool) bool
	// Decoded, when set, is called with the objects of each batch of
	// documents as soon as the batch is decoded, in the goroutine that
	// decoded it (batches are decoded concurrently; a JSON file is one
	// batch, decoded as it is read): a caller that reads
	// little of each object may take that and release the rest while the
	// other documents load (mesh.Preparer). The objects have no Index yet,
	// and some may end up as Earlier definitions of others.
	Decoded func(objs []*Object)
}

func (o Options) maxDocument() int {
	if o.MaxDocumentSize > 0 {
		return int(min(o.MaxDocumentSize, MaxDocumentLimit))
	}
	return DefaultMaxDocumentSize
}

// Result is everything loaded, in input order.
type Result struct {
	Objects []*Object // Index set across all inputs
	Errors  []error   // *Error values; loading continues past them
	Skipped []Skip    // documents that are not Kubernetes objects
}

// Load reads files, directories and "-" (stdin). Directories are walked
// recursively for *.yaml, *.yml and *.json in lexical order, skipping hidden
// directories such as .git; files named explicitly are read whatever their
// extension.
func Load(paths []string, opts Options) *Result {
	ins := make([]Input, len(paths))
	for i, p := range paths {
		ins[i] = Input{Path: p}
	}
	return LoadInputs(ins, opts)
}

// Input is one thing to load: a path as Load takes it, or, when Data is
// set, an in-memory file named Path (a rendered template, say).
type Input struct {
	Path string
	Data []byte
}

// LoadInputs loads paths and in-memory files in the order given, in one
// run, so Index counts across all of them. Of objects defined more than
// once, only the last definition is kept (RemoveDuplicates).
func LoadInputs(ins []Input, opts Options) *Result {
	var in []input
	for _, i := range ins {
		if i.Data != nil {
			in = append(in, input{name: i.Path, data: i.Data, given: true})
			continue
		}
		in = append(in, expand(i.Path, opts.Skip)...)
	}
	r := run(in, opts)
	r.RemoveDuplicates()
	return r
}

// LoadBytes loads one in-memory file; name is used as its File.
func LoadBytes(name string, data []byte, opts Options) *Result {
	return run([]input{{name: name, data: data, given: true}}, opts)
}

// input is one file to load: a path to read, data already read, or an error
// found while listing.
type input struct {
	name  string
	data  []byte
	given bool // data is set
	err   *Error
	// walked is a file met in a directory walk: skipped when it is not a
	// manifest by its content (walk.go).
	walked bool
}

// expand lists the files of one path argument.
func expand(path string, skip func(string, bool) bool) []input {
	if path == "-" {
		return []input{{name: "-"}}
	}
	info, err := os.Stat(path)
	if err != nil {
		return []input{{name: path, err: fileError(path, err)}}
	}
	if !info.IsDir() {
		return []input{{name: path}}
	}
	var out []input
	root := WalkRoot(path)
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			out = append(out, input{name: p, err: fileError(p, err)})
		case d.IsDir() && p != root && strings.HasPrefix(d.Name(), "."):
			return filepath.SkipDir
		case d.IsDir() && p != root && skip != nil && skip(p, true):
			return filepath.SkipDir
		case !d.IsDir() && manifestExt(p) && (skip == nil || !skip(p, false)):
			out = append(out, input{name: p, walked: true})
		}
		return nil
	})
	return out
}

// WalkRoot is the root to give filepath.WalkDir for a directory argument:
// WalkDir does not follow a root that is a symbolic link (it reports the
// link, a non-directory, and stops), so a link to a directory is walked
// through its target with a trailing separator; the paths it yields still
// start with the argument as given.
func WalkRoot(path string) string {
	if fi, err := os.Lstat(path); err == nil && fi.Mode()&os.ModeSymlink != 0 && !strings.HasSuffix(path, string(filepath.Separator)) {
		return path + string(filepath.Separator)
	}
	return path
}

func manifestExt(p string) bool {
	switch strings.ToLower(filepath.Ext(p)) {
	case ".yaml", ".yml", ".json":
		return true
	}
	return false
}

// fileError reports an OS error without repeating the path.
func fileError(name string, err error) *Error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return &Error{File: name, Msg: err.Error()}
}

// parts reads one input and cuts it into documents. JSON files and files
// that fail are decoded here, as one finished part.
func (in *input) parts(opts Options) []*part {
	ps, err := in.read(opts.maxDocument())
	if err != nil {
		return []*part{{origin: origin{name: in.name}, out: output{errs: []error{err}}, done: true}}
	}
	return ps
}

// read streams a YAML input a document at a time (docStream); a JSON one
// is read whole, as one document.
func (in *input) read(limit int) ([]*part, *Error) {
	r, size, done, err := in.open()
	if err != nil {
		return nil, err
	}
	defer done()
	br := readers.Get().(*bufio.Reader)
	br.Reset(r)
	defer func() {
		br.Reset(nil)
		readers.Put(br)
	}()
	head, _ := br.Peek(readerSize)
	if err := binaryError(in.name, head); err != nil {
		return nil, err
	}
	if looksJSON(bytes.TrimPrefix(head, bom)) {
		return in.readJSON(br, limit)
	}
	if bytes.HasPrefix(head, bom) {
		_, _ = br.Discard(len(bom))
	}
	d := newDocStream(in.name, br, limit)
	if size > 0 {
		d.buf, d.left = make([]byte, 0, min(int(size)+1, blockSize+blockSize/8)), int(size)
	}
	return d.run()
}

var bom = []byte("\xEF\xBB\xBF")

// readers are reused from one input to the next (a few are in use at
// once: run's readers). A buffer per file, dropped after it, would be as
// large as the file's text, which is kept: in a walk of thousands of
// small files, the dropped buffers left as much memory in holes between
// the kept texts, which the collector does not move.
var readers = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, readerSize) }}

const readerSize = 64 << 10

// open returns a reader of the input's text, its size when known (else
// -1), and what to call when done.
func (in *input) open() (io.Reader, int64, func(), *Error) {
	switch {
	case in.err != nil:
		return nil, 0, nil, in.err
	case in.given:
		return bytes.NewReader(in.data), int64(len(in.data)), func() {}, nil
	case in.name == "-":
		return Stdin, -1, func() {}, nil
	}
	// Stat before Open: opening a FIFO blocks until a writer comes.
	fi, err := os.Stat(in.name)
	if err != nil {
		return nil, 0, nil, fileError(in.name, err)
	}
	if !fi.Mode().IsRegular() {
		// A FIFO or a device (/dev/zero named x.yaml) may never end,
		// or never start: standard input is "-".
		return nil, 0, nil, &Error{File: in.name, Msg: "not a regular file (" + fi.Mode().Type().String() + "): refused; use - for standard input"}
	}
	f, err := os.Open(in.name)
	if err != nil {
		return nil, 0, nil, fileError(in.name, err)
	}
	return f, fi.Size(), func() { f.Close() }, nil
}

// readJSON reads a file that starts like JSON whole: encoding/json reads
// one value at a time, but a List is one value, so the file counts as one
// document against the limit. Text that is not JSON after all (YAML in
// flow style) is cut into documents as YAML.
func (in *input) readJSON(r io.Reader, max int) ([]*part, *Error) {
	data, err := io.ReadAll(io.LimitReader(r, int64(max)+1))
	if err != nil {
		return nil, fileError(in.name, err)
	}
	if len(data) > max {
		return nil, &Error{File: in.name, Line: 1, Msg: fmt.Sprintf("JSON file too large (more than %d bytes: a JSON file is read as one document; --max-document-size raises the limit)", max)}
	}
	if err := binaryError(in.name, data); err != nil {
		return nil, err
	}
	data = bytes.TrimPrefix(data, bom)
	o := origin{name: in.name, src: newSource(data)}
	if out, ok := decodeJSONFile(o); ok || strings.EqualFold(filepath.Ext(in.name), ".json") {
		return []*part{{origin: o, out: out, done: true}}, nil
	}
	chunks := splitDocs(data)
	ps := make([]*part, len(chunks))
	for i, c := range chunks {
		ps[i] = &part{origin: o, chunk: c}
	}
	return ps, nil
}

// decodeJSONFile checks the text first: encoding/json would replace invalid
// UTF-8 silently.
func decodeJSONFile(o origin) (output, bool) {
	if err := textError(o.name, o.src.data, 1); err != nil {
		return output{errs: []error{err}}, false
	}
	return decodeJSON(o)
}
