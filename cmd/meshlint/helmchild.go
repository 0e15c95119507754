package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/render"
)

// helmChildCommand is the hidden command helmChild runs.
const helmChildCommand = "__render-helm"

func helmChildCmd() *cli.Command {
	return &cli.Command{Name: helmChildCommand, Hidden: true, Action: helmChildAction}
}

// helmChildAction renders one chart and writes a helmReply to standard
// output; it ends the process with exitRenderTooBig when the heap grows
// past renderHeapLimit, and the parent kills it at the time bound.
func helmChildAction(c *cli.Context) error {
	var req helmRequest
	if err := json.Unmarshal([]byte(c.Args().First()), &req); err != nil {
		return cli.Exit(fmt.Sprintf("%s: %v", helmChildCommand, err), exitUsage)
	}
	debug.SetMemoryLimit(renderHeapLimit / 2) // collect hard before the bound
	go watchHeap(c)
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
	return json.NewEncoder(c.App.Writer).Encode(rep)
}

// watchHeap ends the process when the live heap passes renderHeapLimit.
func watchHeap(c *cli.Context) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	for range time.Tick(20 * time.Millisecond) {
		metrics.Read(sample)
		if sample[0].Value.Uint64() > renderHeapLimit {
			fmt.Fprintln(c.App.ErrWriter, "render: output bound passed")
			os.Exit(exitRenderTooBig)
		}
	}
}
