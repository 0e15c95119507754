package stack

import (
	"fmt"
	"os"

	"github.com/meshlint/meshlint/internal/config"
)

// Config loads path, else the nearest .meshlint.yaml up from the working
// directory, else the defaults.
func Config(path string) (*config.Config, error) {
	if path == "" {
		wd, err := os.Getwd()
		if err != nil {
			return nil, fmt.Errorf("find config: %w", err)
		}
		found, ok := config.Find(wd)
		if !ok {
			return config.Default(), nil
		}
		path = found
	}
	return config.Load(path)
}

// CheckContextDir refuses a --context that is not a directory.
func CheckContextDir(dir string) error {
	info, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("--context: %w", err)
	}
	if !info.IsDir() {
		return fmt.Errorf("--context: %s is not a directory (a kubeconfig context is named with --cluster)", dir)
	}
	return nil
}
