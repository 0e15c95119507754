package version

import (
	"runtime/debug"
	"testing"
)

func TestResolve(t *testing.T) {
	installed := &debug.BuildInfo{Main: debug.Module{Path: "github.com/meshlint/meshlint", Version: "v1.4.0"}}
	checkout := &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.modified", Value: "true"}}}
	for _, tc := range []struct {
		sentence        string
		version, commit string
		bi              *debug.BuildInfo
		ok              bool
		want            [2]string
	}{
		{"the stamp wins", "v2.0.0", "abc", installed, true, [2]string{"v2.0.0", "abc"}},
		{"go install @v1.4.0 reports v1.4.0", UnstampedVersion, UnstampedCommit, installed, true, [2]string{"v1.4.0", UnstampedCommit}},
		{"a build in a checkout reports its revision, dirty", UnstampedVersion, UnstampedCommit, checkout, true, [2]string{UnstampedVersion, "0123456789ab-dirty"}},
		{"no build info leaves the defaults", UnstampedVersion, UnstampedCommit, nil, false, [2]string{UnstampedVersion, UnstampedCommit}},
	} {
		got := resolve(tc.version, tc.commit, tc.bi, tc.ok)
		if got.Version != tc.want[0] || got.Commit != tc.want[1] || got.GoVersion == "" {
			t.Errorf("%s: %+v, want %v", tc.sentence, got, tc.want)
		}
	}
}
