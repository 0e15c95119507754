package memo

import "testing"

func TestBoundedRemembersUpToMax(t *testing.T) {
	b := Bounded[int, int]{Max: 2}
	calls := 0
	double := func(k int) int { calls++; return 2 * k }
	for _, k := range []int{1, 2, 3, 1, 2, 3} {
		if got := b.Get(k, double); got != 2*k {
			t.Fatalf("Get(%d) = %d", k, got)
		}
	}
	if calls != 4 { // 1, 2 and 3, then 3 again: past the bound it is not held
		t.Errorf("%d computations, want 4", calls)
	}
}
