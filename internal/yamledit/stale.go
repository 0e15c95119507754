package yamledit

import (
	"os"
	"path/filepath"
	"strings"
	"time"
)

// RemoveStale removes the temporary files that an earlier WriteFile for
// path left behind when its process was killed between creating and
// renaming them (kill -9, a power cut): those last modified before the
// given time, when this run started, so a concurrent run's file in the
// making is left alone. It returns the names removed.
func RemoveStale(path string, before time.Time) ([]string, error) {
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	dir, prefix := filepath.Dir(path), TempPrefix(path)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var removed []string
	for _, e := range entries {
		if !e.Type().IsRegular() || !strings.HasPrefix(e.Name(), prefix) {
			continue
		}
		info, err := e.Info()
		if err != nil || !info.ModTime().Before(before) {
			continue
		}
		name := filepath.Join(dir, e.Name())
		if err := os.Remove(name); err != nil {
			return removed, err
		}
		removed = append(removed, name)
	}
	return removed, nil
}
