package stack

import (
	"archive/tar"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Repo is the git repository that holds a directory, read with the git
// program itself: revisions mean what they mean to git (origin/main,
// HEAD~2, a tag, a commit).
type Repo struct {
	Top    string // the top-level directory of the work tree
	Prefix string // the directory's path below Top ("" at the top, else ending in /)
}

// FindRepo finds the repository holding dir (git rev-parse).
func FindRepo(dir string) (*Repo, error) {
	out, err := git(dir, nil, "rev-parse", "--show-toplevel", "--show-prefix")
	if err != nil {
		return nil, err
	}
	lines := strings.SplitN(strings.TrimRight(string(out), "\n"), "\n", 2)
	r := &Repo{Top: lines[0]}
	if len(lines) > 1 {
		r.Prefix = lines[1]
	}
	return r, nil
}

// IsRevision tells whether rev names a commit of the repository.
func (r *Repo) IsRevision(rev string) bool {
	_, err := git(r.Top, nil, "rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{commit}")
	return err == nil
}

// Export writes the tree of rev into a new temporary directory (git
// archive, so attributes such as export-ignore apply as they do to a
// release tarball) and returns it with the function that removes it.
func (r *Repo) Export(rev string) (dir string, cleanup func(), err error) {
	if !r.IsRevision(rev) {
		return "", nil, fmt.Errorf("%s: not a revision of the repository at %s", rev, r.Top)
	}
	dir, err = os.MkdirTemp("", "meshlint-diff-")
	if err != nil {
		return "", nil, err
	}
	cleanup = func() { os.RemoveAll(dir) }
	var archive bytes.Buffer
	if _, err := git(r.Top, &archive, "archive", "--format=tar", rev); err != nil {
		cleanup()
		return "", nil, err
	}
	if err := untar(&archive, dir); err != nil {
		cleanup()
		return "", nil, fmt.Errorf("export %s: %w", rev, err)
	}
	return dir, cleanup, nil
}

// git runs git in dir; stdout goes to out when it is not nil.
func git(dir string, out io.Writer, args ...string) ([]byte, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	var buf, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &errOut
	if out != nil {
		cmd.Stdout = out
	}
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(errOut.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("git %s: %s", args[0], msg)
	}
	return buf.Bytes(), nil
}

// untar writes the directories, files and symbolic links of a tar stream
// (what git archive writes) under dir; a name that leaves dir is refused.
func untar(r io.Reader, dir string) error {
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		name := filepath.Join(dir, filepath.FromSlash(h.Name))
		if !within(dir, name) {
			return fmt.Errorf("%s: outside the tree", h.Name)
		}
		if err := writeEntry(tr, h, name); err != nil {
			return err
		}
	}
}

func writeEntry(tr *tar.Reader, h *tar.Header, name string) error {
	switch h.Typeflag {
	case tar.TypeDir:
		return os.MkdirAll(name, 0o755)
	case tar.TypeSymlink:
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			return err
		}
		return os.Symlink(h.Linkname, name)
	case tar.TypeReg:
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			return err
		}
		f, err := os.OpenFile(name, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, os.FileMode(h.Mode)&0o777|0o600)
		if err != nil {
			return err
		}
		_, err = io.Copy(f, tr)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		return err
	}
	return nil // git archive writes a pax global header (the commit): nothing to write
}
