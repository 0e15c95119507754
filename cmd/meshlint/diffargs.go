package main

import (
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"

	"github.com/meshlint/meshlint/internal/stack"
)

// diffSide is one version of the stack as the command line names it: the
// paths to load, and the tree they lie in when it is a revision's export.
type diffSide struct {
	name    string
	paths   []string
	root    string // the export's directory matching the working directory ("" for none)
	cleanup func()
	once    sync.Once
}

// workingTree names HEAD when it is the files as they are.
const workingTree = "working tree"

// diffSides reads BASE [HEAD] [-- PATH...] the way git reads its
// arguments: an argument that exists as a path is a path unless "--"
// follows the revisions; two paths are compared as they are, two
// revisions (HEAD omitted or "." is the working tree) by exporting each
// one's tree and loading the PATHs (default ".") inside it.
func diffSides(args []string) (base, head *diffSide, err error) {
	revs, paths, sep := args, []string(nil), false
	if i := slices.Index(args, "--"); i >= 0 {
		revs, paths, sep = args[:i], args[i+1:], true
	}
	if len(revs) == 0 || len(revs) > 2 {
		return nil, nil, fmt.Errorf("diff needs BASE and HEAD: two paths, or two git revisions (meshlint diff origin/main HEAD -- deploy/)")
	}
	if !sep && len(revs) == 2 && isPath(revs[0]) && isPath(revs[1]) {
		return &diffSide{name: revs[0], paths: revs[:1]}, &diffSide{name: revs[1], paths: revs[1:]}, nil
	}
	for _, r := range revs {
		if !sep && isPath(r) && r != "." {
			return nil, nil, fmt.Errorf("%s is a path: give two paths, or two revisions (-- before the PATHs makes both revisions)", r)
		}
	}
	return revisionSides(revs, paths)
}

func isPath(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// revisionSides exports the revisions; the caller cleans them up.
func revisionSides(revs, paths []string) (base, head *diffSide, err error) {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	repo, err := stack.FindRepo(".")
	if err != nil {
		return nil, nil, fmt.Errorf("%s is neither a path nor a revision: %w", revs[0], err)
	}
	for _, p := range paths {
		if in := filepath.Join(repo.Prefix, p); in != "." && !filepath.IsLocal(in) {
			return nil, nil, fmt.Errorf("%s: outside the repository at %s (PATHs name files of the revisions)", p, repo.Top)
		}
	}
	if base, err = exportSide(repo, revs[0]); err != nil {
		return nil, nil, err
	}
	if len(revs) == 1 || revs[1] == "." {
		head = &diffSide{name: workingTree}
	} else if head, err = exportSide(repo, revs[1]); err != nil {
		base.cleanup()
		return nil, nil, err
	}
	if err := placePaths(base, head, paths); err != nil {
		base.close()
		head.close()
		return nil, nil, err
	}
	return base, head, nil
}

func exportSide(repo *stack.Repo, rev string) (*diffSide, error) {
	if !repo.IsRevision(rev) {
		return nil, fmt.Errorf("%s: neither a path nor a revision (use -- to separate revisions from paths)", rev)
	}
	dir, cleanup, err := repo.Export(rev)
	if err != nil {
		return nil, err
	}
	return &diffSide{name: rev, root: filepath.Join(dir, repo.Prefix), cleanup: cleanup}, nil
}

// placePaths gives each side the PATHs that exist in its tree: a stack a
// change creates or deletes is empty on the other side. A PATH in neither
// is a usage error.
func placePaths(base, head *diffSide, paths []string) error {
	for _, p := range paths {
		found := false
		for _, s := range []*diffSide{base, head} {
			if full := filepath.Join(s.root, p); isPath(full) {
				s.paths = append(s.paths, full)
				found = true
			}
		}
		if !found {
			return fmt.Errorf("%s: in neither %s nor %s", p, base.name, head.name)
		}
	}
	return nil
}

// close removes the side's export, once, whichever of the run's end and
// an interrupting signal comes first.
func (s *diffSide) close() {
	if s != nil && s.cleanup != nil {
		s.once.Do(s.cleanup)
	}
}

// closeOnSignal removes the exports when the run is interrupted (Ctrl-C,
// a cancelled CI job), which skips deferred calls, then exits as the
// signal would (128 + its number). stop ends the watch.
func closeOnSignal(sides ...*diffSide) (stop func()) {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-sigs:
			for _, s := range sides {
				s.close()
			}
			os.Exit(128 + int(sig.(syscall.Signal)))
		case <-done:
		}
	}()
	return func() {
		signal.Stop(sigs)
		close(done)
	}
}

// display names a file of the side as the working directory would: a
// file of an exported tree without the export's directory.
func (s *diffSide) display(file string) string {
	if s.root == "" {
		return file
	}
	if rel, err := filepath.Rel(s.root, file); err == nil && filepath.IsLocal(rel) {
		return rel
	}
	return file
}

// displayText names the side's files in a message as display does.
func (s *diffSide) displayText(msg string) string {
	if s.root == "" {
		return msg
	}
	return strings.ReplaceAll(msg, s.root+string(filepath.Separator), "")
}
