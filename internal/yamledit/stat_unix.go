//go:build unix

package yamledit

import (
	"io/fs"
	"syscall"
)

// fileStat is what a replaced file keeps of its identity and owner.
type fileStat struct {
	dev, ino, nlink uint64
	uid, gid        int
	known           bool // the system tells (not on Windows)
}

func statOf(info fs.FileInfo) fileStat {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return fileStat{}
	}
	return fileStat{dev: uint64(st.Dev), ino: uint64(st.Ino), nlink: uint64(st.Nlink), uid: int(st.Uid), gid: int(st.Gid), known: true}
}
