package hiker

func Answer() int {
	return 6 * 7
}
