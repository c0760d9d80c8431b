def answer
  6 *
