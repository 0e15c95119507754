package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/aymanbagabas/go-udiff"
	"github.com/urfave/cli/v2"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/yamledit"
)

func diffFix(c *cli.Context, p *fixPlan) error {
	if err := writeGenerated(c, p.gen); err != nil {
		return err
	}
	for _, f := range p.files {
		from, to := patchNames(f.path)
		fmt.Fprint(c.App.Writer, udiff.Unified(from, to, string(f.old), string(f.new)))
	}
	return nil
}

// writeFix replaces the files (none when another writer changed one of
// them since it was read, and each checked again just before its rename:
// yamledit.ErrChanged), after removing the
// temporary files an interrupted run left beside the inputs.
func writeFix(c *cli.Context, p *fixPlan, start time.Time) error {
	stale := p.inputs
	if out := c.String("output"); out != "" {
		stale = append(stale, out)
	}
	removeStale(c, stale, start)
	for _, f := range p.files {
		if err := f.orig.Check(f.path); err != nil {
			return cli.Exit(err.Error(), exitUsage)
		}
	}
	for _, f := range p.files {
		if err := yamledit.WriteFile(f.path, f.new, f.orig); err != nil {
			return cli.Exit(err.Error(), exitUsage)
		}
	}
	return writeGenerated(c, p.gen)
}

// removeStale removes, and names, the temporary files of runs killed
// before their rename, older than this run.
func removeStale(c *cli.Context, files []string, start time.Time) {
	for _, f := range files {
		removed, err := yamledit.RemoveStale(f, start)
		for _, r := range removed {
			fmt.Fprintf(c.App.ErrWriter, "note: removed %s, a temporary file left by an interrupted meshlint fix --write\n", manifest.QuoteName(r))
		}
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			fmt.Fprintf(c.App.ErrWriter, "note: %s: stale temporary files not removed: %v\n", manifest.QuoteName(f), err)
		}
	}
}

// writeGenerated appends the generated objects to --output, or prints them.
// Appending never loses the rules an earlier run wrote there.
func writeGenerated(c *cli.Context, gen []byte) error {
	out := c.String("output")
	if len(gen) == 0 {
		return nil
	}
	if out == "" {
		_, err := c.App.Writer.Write(gen)
		return err
	}
	old, orig, err := yamledit.ReadOriginal(out)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return cli.Exit(fmt.Sprintf("read %s: %v", out, err), exitUsage)
	}
	if len(bytes.TrimSpace(old)) > 0 {
		if !bytes.HasSuffix(old, []byte("\n")) {
			old = append(old, '\n')
		}
		gen = append(append(old, "---\n"...), gen...)
	}
	if err := yamledit.WriteFile(out, gen, orig); err != nil {
		return cli.Exit(err.Error(), exitUsage)
	}
	return nil
}

// loadedFiles are the files objects were loaded from, once each.
func loadedFiles(objs []*manifest.Object) []string {
	var out []string
	seen := map[string]bool{}
	for _, o := range objs {
		if f := filepath.Clean(o.File); !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	return out
}

// outputObjects loads --output when it exists and is none of the inputs,
// so the DestinationRules an earlier run appended there are not
// generated again (a second run would append duplicates).
func outputObjects(out string, inputs []string) ([]*manifest.Object, error) {
	if _, err := os.Stat(out); out == "" || errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	for _, f := range inputs {
		if absPath(f) == absPath(out) {
			return nil, nil
		}
	}
	res := manifest.Load([]string{out}, manifest.Options{})
	if len(res.Errors) > 0 {
		return nil, fmt.Errorf("--output: %w", res.Errors[0])
	}
	return res.Objects, nil
}

func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return filepath.Clean(p)
}
