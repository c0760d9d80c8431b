#!/bin/bash

answer() {
  echo $((6 * 9))
}
