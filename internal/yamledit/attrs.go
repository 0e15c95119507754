package yamledit

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// attrs are what a replaced file keeps: owner, group and mode bits.
type attrs struct {
	mode     fs.FileMode
	uid, gid int
	chown    bool // the file exists: give its owner and group to the new one
}

// keptAttrs reads the attributes of the file at path, refusing a file
// with several hard links (see WriteFile). A missing file gets 0644 and
// whoever runs meshlint as owner.
func keptAttrs(path string) (attrs, error) {
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return attrs{mode: 0o644}, nil
	}
	if err != nil {
		return attrs{}, err
	}
	st := statOf(info)
	if st.nlink > 1 {
		return attrs{}, fmt.Errorf("the file has %d hard links: replacing it would leave the other names with the old text; "+
			"not written (edit it through one name after breaking the links, or apply the diff of meshlint fix)", st.nlink)
	}
	mode := info.Mode() & (fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky)
	return attrs{mode: mode, uid: st.uid, gid: st.gid, chown: st.known}, nil
}

// fill writes data into the temporary file and gives it the attributes:
// owner and group first, as chown clears the setuid and setgid bits.
func fill(tmp *os.File, data []byte, a attrs) error {
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	if a.chown {
		if err := tmp.Chown(a.uid, a.gid); err != nil {
			return fmt.Errorf("keep owner %d and group %d: %w", a.uid, a.gid, err)
		}
	}
	if err := tmp.Chmod(a.mode); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	return tmp.Close()
}
