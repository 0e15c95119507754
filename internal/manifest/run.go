package manifest

import (
	"fmt"
	"runtime"

	"github.com/meshlint/meshlint/internal/parallel"
)

// Batch sizes: big enough that a decoder's setup cost vanishes, small enough
// that GOMAXPROCS workers share the work evenly.
const (
	minBatch = 16 << 10
	maxBatch = 1 << 20
)

// run loads inputs in three steps: read and split files (in parallel),
// decode batches of documents (in parallel), then collect results in input
// order.
func run(inputs []input, opts Options) *Result {
	files := make([][]*part, len(inputs))
	// Reading waits on system calls, so more readers than CPUs help.
	parallel.ForN(len(inputs), max(8, runtime.GOMAXPROCS(0)), func(i int) {
		defer guard(inputs[i].name, func(p *part) { files[i] = []*part{p} })
		files[i] = inputs[i].parts(opts)
		if opts.Decoded != nil {
			opts.Decoded(objectsOf(doneParts(files[i])))
		}
	})
	var parts []*part
	for _, f := range files {
		parts = append(parts, f...)
	}
	bs := batches(parts, runtime.GOMAXPROCS(0))
	parallel.ForN(len(bs), runtime.GOMAXPROCS(0), func(i int) {
		defer guard(bs[i][0].name, func(p *part) { bs[i][0].out.errs = append(bs[i][0].out.errs, p.out.errs...) })
		decodeBatch(bs[i])
		if opts.Decoded != nil {
			opts.Decoded(objectsOf(bs[i]))
		}
	})
	for i, f := range files {
		if inputs[i].walked && len(f) > 0 {
			skipNonManifest(inputs[i].name, f)
		}
	}
	return collect(parts)
}

// objectsOf lists the objects decoded from ps.
func objectsOf(ps []*part) []*Object {
	var out []*Object
	for _, p := range ps {
		out = append(out, p.out.objs...)
	}
	return out
}

// doneParts are those of ps decoded as they were read (JSON: readJSON).
func doneParts(ps []*part) []*part {
	var out []*part
	for _, p := range ps {
		if p.done {
			out = append(out, p)
		}
	}
	return out
}

// batches groups consecutive parts still to decode. A part with directives
// starts a batch, as its directives cannot follow another document.
func batches(parts []*part, workers int) [][]*part {
	total := 0
	for _, p := range parts {
		total += p.end - p.start
	}
	target := min(max(total/(8*workers), minBatch), maxBatch)
	var out [][]*part
	start, size := 0, 0
	flush := func(end int) {
		if end > start {
			out = append(out, parts[start:end])
		}
		start, size = end, 0
	}
	for i, p := range parts {
		switch {
		case p.done:
			flush(i)
			start = i + 1
			continue
		case size >= target || p.lead == '%':
			flush(i)
		}
		size += p.end - p.start
	}
	flush(len(parts))
	return out
}

func collect(parts []*part) *Result {
	r := &Result{}
	for _, p := range parts {
		for _, o := range p.out.objs {
			o.Index = len(r.Objects)
			r.Objects = append(r.Objects, o)
		}
		r.Errors = append(r.Errors, p.out.errs...)
		r.Skipped = append(r.Skipped, p.out.skips...)
	}
	return r
}

// guard turns a panic into an error for the file named: bad input must
// never crash the loader (yaml.v3 panics are already caught in decodeSafe;
// this is for our own bugs).
func guard(name string, keep func(*part)) {
	if r := recover(); r != nil {
		err := &Error{File: name, Msg: fmt.Sprintf("internal error: %v", r)}
		keep(&part{origin: origin{name: name}, out: output{errs: []error{err}}, done: true})
	}
}
