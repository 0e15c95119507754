package yamledit

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrChanged is returned when the file changed between the read its edits
// were made from and the rename that would replace it: another writer
// (an editor, a formatter, a second run) got there first, and replacing
// the file would silently drop its work.
var ErrChanged = errors.New("changed while meshlint ran (another writer); not written: run again")

// Original is a file as it was read: its identity (device and inode, so
// a file replaced by a rename is told from the one read) and content.
// A nil *Original stands for a file that did not exist.
type Original struct {
	dev, ino uint64
	sum      [sha256.Size]byte
}

// ReadOriginal reads the file at path and records what WriteFile checks
// before it replaces it.
func ReadOriginal(path string) ([]byte, *Original, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	var b bytes.Buffer
	if _, err := b.ReadFrom(f); err != nil {
		return nil, nil, err
	}
	st := statOf(info)
	return b.Bytes(), &Original{dev: st.dev, ino: st.ino, sum: sha256.Sum256(b.Bytes())}, nil
}

// Check returns ErrChanged (wrapped with path) when the file at path is
// no longer orig: a run that rewrites several files checks them all
// before it replaces any, so a change to one leaves every file as it was.
func (orig *Original) Check(path string) error {
	if same, err := orig.unchanged(path); err != nil || !same {
		return fmt.Errorf("%s: %w", path, ErrChanged)
	}
	return nil
}

// unchanged tells whether path is still the file orig recorded, with the
// same content; for a nil orig, that path still does not exist.
func (orig *Original) unchanged(path string) (bool, error) {
	_, now, err := ReadOriginal(path)
	switch {
	case orig == nil:
		return errors.Is(err, fs.ErrNotExist), nil
	case err != nil:
		return false, err
	}
	return *now == *orig, nil
}

// WriteFile replaces the file at path with data atomically: a temporary
// file in the same directory, synced, given the file's owner, group and
// mode bits (setuid, setgid and sticky included), then renamed over it. A
// reader sees the old text or the new, never a part. Through a symbolic
// link it replaces the file the link points to. A new file gets mode 0644.
//
// Just before the rename, the file must still be orig (ErrChanged
// otherwise), and a file with several hard links is refused: a rename
// would give this name new text and leave the other names the old. (A
// write between that check and the rename is not seen: without a lock
// that every writer takes, nothing can see it.)
func WriteFile(path string, data []byte, orig *Original) error {
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	keep, err := keptAttrs(path)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), TempPrefix(path)+"*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := fill(tmp, data, keep); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := orig.Check(path); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	done = true
	return nil
}

// TempPrefix is how the temporary files of WriteFile for path start:
// .NAME.meshlint- in the same directory.
func TempPrefix(path string) string {
	return "." + filepath.Base(path) + ".meshlint-"
}
