package manifest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// DefaultMaxDocumentSize is the size limit of one YAML document (and of
// a JSON file, read as one) when Options.MaxDocumentSize is 0. A file
// has no limit of its own: it is read a document at a time.
const DefaultMaxDocumentSize = 8 << 20

// MaxDocumentLimit bounds Options.MaxDocumentSize: a block of text, which
// holds at most one document beyond blockSize, is then far under 2 GiB,
// and its line index holds 32-bit offsets.
const MaxDocumentLimit = 1 << 30

// blockSize is how much text a block of documents holds before the next
// document starts a new block: documents share their block's source, so
// a file costs one allocation per block rather than one per document.
var blockSize = 1 << 20

// errStop ends the reading of a file at a document over the limit.
var errStop = errors.New("stop")

// docStream cuts a file into parts as it reads it, line by line, the way
// splitDocs cuts a text in memory. It keeps the text of documents only, in
// blocks, so a large file costs memory in proportion to its documents. A
// document larger than max is an error at its first line, and ends the
// reading: standard input may never end (yes | meshlint lint -), and the
// text of an absurd document is never held whole.
type docStream struct {
	name  string
	r     *bufio.Reader
	max   int
	s     splitter // offsets relative to buf
	buf   []byte   // the current block's text
	src   *source  // the current block's source, filled in when sealed
	first int      // file line of buf[0]
	line  int      // file line of the next line read
	parts []*part
	last  []byte // the last bytes read, for endsWithBreak
	left  int    // bytes still to read, when the size is known; else -1
}

func newDocStream(name string, r *bufio.Reader, max int) *docStream {
	d := &docStream{name: name, r: r, max: max, first: 1, line: 1, src: &source{}, left: -1}
	d.s.cur.line = 1
	return d
}

// run reads to the end. A NUL byte makes the file one error, as in
// binaryError.
func (d *docStream) run() ([]*part, *Error) {
	for {
		at, err := d.readLine()
		if err == errStop {
			break
		}
		if e := d.binary(at); e != nil {
			return nil, e
		}
		d.lines(at)
		if err == io.EOF {
			d.s.cut(len(d.buf), d.line-1+endsWithBreak(d.last))
			d.take()
			break
		}
		if err != nil {
			return nil, fileError(d.name, err)
		}
	}
	d.seal()
	return d.parts, nil
}

// readLine appends the next line, to its LF, to buf and returns where it
// starts; errStop when its document goes over the limit.
func (d *docStream) readLine() (int, error) {
	at := len(d.buf)
	for {
		seg, err := d.r.ReadSlice('\n')
		if d.left >= 0 {
			d.left = max(d.left-len(seg), 0)
		}
		if len(seg) > 0 {
			d.last = append(d.last[:0], seg[max(len(seg)-3, 0):]...)
		}
		d.buf = append(d.buf, seg...)
		if d.over(at) {
			return at, errStop
		}
		if !errors.Is(err, bufio.ErrBufferFull) {
			return at, err
		}
	}
}

// over tells whether the document the line at buf[at:] belongs to is over
// the limit, and if so records the error and drops the document's text. A
// line that starts a document belongs to the next one.
func (d *docStream) over(at int) bool {
	start, line := d.s.cur.start, d.s.cur.line
	if d.marker(d.buf[at:]) {
		start, line = at, d.line
	}
	if len(d.buf)-start <= d.max {
		return false
	}
	if start == at {
		d.s.cut(at, d.line) // the document before is whole
	}
	d.take()
	msg := fmt.Sprintf("document too large (more than %d bytes; --max-document-size raises the limit): the rest of the file was not read", d.max)
	d.parts = append(d.parts, &part{origin: origin{name: d.name}, done: true,
		out: output{errs: []error{&Error{File: d.name, Line: line, Msg: msg}}}})
	d.buf = d.buf[:start]
	return true
}

// marker reports whether a line (as far as read) starts a document.
func (d *docStream) marker(text []byte) bool {
	t := bytes.TrimRight(text, "\r\n")
	return isMarker(t, '-') || isMarker(t, '.') || len(t) > 0 && t[0] == '%'
}

// lines hands the lines of buf[at:] (one LF line, which other breaks may
// cut further) to the splitter.
func (d *docStream) lines(at int) {
	exotic := exoticBreaks(d.buf[at:])
	for i := at; i < len(d.buf); d.line++ {
		end, next := nextLine(d.buf, i, exotic)
		d.s.add(d.buf[i:end], i, next, d.line)
		i = next
	}
	d.take()
	if len(d.buf) >= blockSize && len(d.buf)-d.s.cur.start < len(d.buf)/2 {
		d.newBlock()
	}
}

// take turns the chunks the splitter cut into parts of the block.
func (d *docStream) take() {
	for _, c := range d.s.out {
		d.parts = append(d.parts, &part{origin: origin{name: d.name, src: d.src}, chunk: c})
	}
	d.s.out = d.s.out[:0]
}

// newBlock seals the block and starts the next with the text of the
// document under way.
func (d *docStream) newBlock() {
	rest := d.buf[d.s.cur.start:]
	d.seal()
	size := blockSize + blockSize/8
	if d.left >= 0 {
		size = min(size, len(rest)+d.left+1)
	}
	d.buf = append(make([]byte, 0, max(2*len(rest), size)), rest...)
	d.first, d.src = d.s.cur.line, &source{}
	d.s.cur.start = 0
}

func (d *docStream) seal() {
	d.src.data, d.src.first, d.src.exotic = d.buf, d.first, exoticBreaks(d.buf)
}

// binary reports a NUL byte in the text read from at.
func (d *docStream) binary(at int) *Error {
	if i := bytes.IndexByte(d.buf[at:], 0); i >= 0 {
		return &Error{File: d.name, Line: d.line + lineAt(d.buf[at:], i) - 1, Msg: "binary file (NUL byte) is not a manifest"}
	}
	return nil
}
