package hiker

import "testing"

func TestLifeTheUniverseAndEverything(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("Answer() = %d, want 42", got)
	}
}
