//go:build !unix

package yamledit

import "io/fs"

// fileStat is what a replaced file keeps of its identity and owner.
// Windows has no owner to keep nor inode to compare: a file is then known
// by its content alone (Original.sum), and no hard link is detected.
type fileStat struct {
	dev, ino, nlink uint64
	uid, gid        int
	known           bool
}

func statOf(fs.FileInfo) fileStat { return fileStat{} }
