package corpus

import (
	"strings"
	"testing"
)

func TestCopiesAreNamespacedAndBroken(t *testing.T) {
	if ObjectsPerCopy < 15 {
		t.Fatalf("a copy holds %d objects, want the whole stack", ObjectsPerCopy)
	}
	good, strict := Copy("app-1", 0), Copy("app-2", 1)
	if strings.Contains(good, "blog-system") || !strings.Contains(good, "namespace: app-1") {
		t.Fatal("copy not moved to its namespace")
	}
	if !strings.Contains(strict, "mode: STRICT") || strings.Contains(good, "mode: STRICT") {
		t.Fatal("variant 1 should be the STRICT trap and only it")
	}
	if got := len(Files(10000)); got < 10000/ObjectsPerCopy {
		t.Fatalf("%d files for 10000 objects", got)
	}
}
