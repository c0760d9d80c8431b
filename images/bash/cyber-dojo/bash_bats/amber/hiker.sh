# The hiker's answer, with the second factor missing: a syntax error.
answer() {
  echo $((6 * ))
}
