#!/usr/bin/env bats

setup() {
  source ./hiker.sh
}

@test "the hiker knows the answer to life, the universe and everything" {
  [ "$(answer)" = "42" ]
}
