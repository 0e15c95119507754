package main

import (
	"archive/tar"
	"bytes"
	"os"
	"path/filepath"
)

// nonroot is the user the images run as: 65532, distroless's nonroot.
const nonroot = 65532

// The accounts the image's /etc/passwd and /etc/group name (a runtime
// resolves the config's User and HOME through them; a binary that looks
// its user up finds one).
const (
	passwd = "root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n"
	group  = "root:x:0:\nnonroot:x:65532:\n"
)

// node is one entry of the image's only layer.
type node struct {
	path     string
	mode     int64 // permission bits, with the sticky bit for /tmp
	uid      int
	dir      bool
	data     []byte
	typeflag byte
}

// rootfs lists the layer of image name: the static binary in
// /usr/local/bin, the accounts, a world-writable sticky /tmp (a
// read-only root then needs only /tmp mounted), nonroot's home, the
// licence texts and, for meshlint, /work (its WorkingDir) owned by
// nonroot. Everything else is root's and read-only to the process.
func rootfs(o options, name, bin string) ([]node, error) {
	binary, err := os.ReadFile(bin)
	if err != nil {
		return nil, err
	}
	nodes := []node{
		{path: "etc", mode: 0o755, dir: true},
		{path: "etc/passwd", mode: 0o644, data: []byte(passwd)},
		{path: "etc/group", mode: 0o644, data: []byte(group)},
		{path: "home", mode: 0o755, dir: true},
		{path: "home/nonroot", mode: 0o700, uid: nonroot, dir: true},
		{path: "tmp", mode: 0o1777, dir: true},
		{path: "usr", mode: 0o755, dir: true},
		{path: "usr/local", mode: 0o755, dir: true},
		{path: "usr/local/bin", mode: 0o755, dir: true},
		{path: "usr/local/bin/" + name, mode: 0o755, data: binary},
		{path: "usr/share", mode: 0o755, dir: true},
		{path: "usr/share/doc", mode: 0o755, dir: true},
		{path: "usr/share/doc/meshlint", mode: 0o755, dir: true},
	}
	for _, d := range []string{"LICENSE", "NOTICE"} {
		text, err := os.ReadFile(filepath.Join(o.root, d))
		if err != nil {
			return nil, err
		}
		nodes = append(nodes, node{path: "usr/share/doc/meshlint/" + d, mode: 0o644, data: text})
	}
	if workDir(name) == "/work" {
		nodes = append(nodes, node{path: "work", mode: 0o755, uid: nonroot, dir: true})
	}
	return nodes, nil
}

// tarLayer writes nodes as an uncompressed tar, every entry at o.epoch.
func tarLayer(nodes []node, o options) ([]byte, error) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, n := range nodes {
		hdr := &tar.Header{Name: n.path, Mode: n.mode, Uid: n.uid, Gid: n.uid, ModTime: o.epoch,
			Typeflag: tar.TypeReg, Size: int64(len(n.data)), Format: tar.FormatPAX}
		if n.dir {
			hdr.Name, hdr.Typeflag, hdr.Size = n.path+"/", tar.TypeDir, 0
		}
		if err := tw.WriteHeader(hdr); err != nil {
			return nil, err
		}
		if _, err := tw.Write(n.data); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
