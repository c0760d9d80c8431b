#!/usr/bin/env bats

setup() {
  source ./hiker.sh
}

@test "life, the universe, and everything" {
  run answer
  [ "$status" -eq 0 ]
  [ "$output" = "42" ]
}
