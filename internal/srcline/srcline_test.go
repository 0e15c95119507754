package srcline

import "testing"

func TestIn(t *testing.T) {
	text := "a: 1\nb: 2\n  a: 3\n"
	for _, c := range []struct {
		s    string
		nth  int
		want int
	}{
		{"b:", 0, 2}, {"a:", 1, 1}, {"a:", -1, 3}, {"a:", 2, 3}, {"^  a", 0, 3}, {"^a", 0, 1},
	} {
		if got := In(t, "text", text, c.s, c.nth); got != c.want {
			t.Errorf("In(%q, %d) = %d, want %d", c.s, c.nth, got, c.want)
		}
	}
}
