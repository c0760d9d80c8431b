answer <- function() {
  6 * 7
