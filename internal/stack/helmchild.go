package stack

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"time"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/render"
)

// HelmChildCommand is the hidden command a chart's render runs the
// program with: its one argument is the request, for ServeHelm.
const HelmChildCommand = "__render-helm"

// ServeHelm is the child side: it renders the chart of one request and
// writes the reply to stdout. It ends the process with exitRenderTooBig
// when the heap grows past renderHeapLimit, and the parent kills it at the
// time bound. An error is a request it cannot read.
func ServeHelm(request string, stdout, stderr io.Writer) error {
	var req helmRequest
	if err := json.Unmarshal([]byte(request), &req); err != nil {
		return fmt.Errorf("%s: %v", HelmChildCommand, err)
	}
	debug.SetMemoryLimit(renderHeapLimit / 2) // collect hard before the bound
	go watchHeap(stderr)
	files, err := render.Helm(req.Dir, req.Opts)
	var rep helmReply
	var size int
	for _, f := range files {
		size += len(f.Data)
	}
	var me *manifest.Error
	switch {
	case size > maxRenderOutput:
		os.Exit(exitRenderTooBig)
	case errors.As(err, &me):
		rep.Err = me
	case err != nil:
		rep.Text = err.Error()
	default:
		rep.Files = files
	}
	return json.NewEncoder(stdout).Encode(rep)
}

// watchHeap ends the process when the live heap passes renderHeapLimit.
func watchHeap(stderr io.Writer) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	for range time.Tick(20 * time.Millisecond) {
		metrics.Read(sample)
		if sample[0].Value.Uint64() > renderHeapLimit {
			fmt.Fprintln(stderr, "render: output bound passed")
			os.Exit(exitRenderTooBig)
		}
	}
}
