# shellcheck shell=bash
#
# runbox's helpers for a start point's cyber-dojo.sh, which may `source ~/cyber_dojo_fs_cleaners.sh`
# as it does under cyber-dojo's own runner. runbox writes this file into the run's home folder
# before cyber-dojo.sh starts; a request cannot replace it (its files go to /sandbox).
#
# Each function takes any number of paths (relative to the current folder, or absolute) and never
# fails on a path that is missing or cannot be removed, so a script under `set -e` goes on.

# Removes each folder and everything in it.
cyber_dojo_delete_dirs() {
  local dir
  for dir in "$@"; do
    rm -rf -- "${dir}" 2>/dev/null || true
  done
}

# Removes each file.
cyber_dojo_delete_files() {
  local file
  for file in "$@"; do
    rm -f -- "${file}" 2>/dev/null || true
  done
}

# Makes each folder new and empty (removing it first if it is there), so that only what this run
# writes into it comes back.
cyber_dojo_reset_dirs() {
  local dir
  for dir in "$@"; do
    cyber_dojo_delete_dirs "${dir}"
    mkdir -p -- "${dir}"
  done
}
