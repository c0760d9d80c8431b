# shellcheck shell=dash
#
# runbox's in-container wrapper: the whole run in one exec, or the take-back from outside.
#
#   sh -c "$wrapper" runbox report
#   sh -c "$wrapper" runbox outside
#
# report: waits for its request on stdin, so that the service can start it ahead of time (when a
# warm container is made) and a run only writes into it. The request, in this order: a secret
# marker line; the line "LIMIT_S STDIN_BYTES TAR_BYTES HOME_TAR_BYTES TEXT_LINES SEP"; TEXT_LINES
# lines of text: the command and then each of the run's variables (NAME=value), each followed by
# the separator SEP (a random word the service chose so that no item contains it); the files as a
# tar (TAR_BYTES, none when 0, unpacked into /sandbox), the service's home files as a tar
# (HOME_TAR_BYTES, none when 0, unpacked into $HOME) and the command's stdin (STDIN_BYTES). As soon as its marker line arrives
# the wrapper prints "runbox:go" (so the service knows the request reached it: a wrapper that ended
# before that never ran anything, and the request may go to another container); it then unpacks,
# runs the command with the variables exported under the inner timer, kills every process of the
# run's uid, and then prints the marker, the exit status, the cgroup's counters, the line "## end"
# and /sandbox as a tar on stdout. The home files are the service's own, never a request's, and
# they are written before the command starts; HOME itself is set by the container and cannot be
# changed by a run's environment (the service refuses the name), nor can the service's other
# refused names change this script's tools. The variables are exported in a subshell (only when there
# are any), so none can change this script's own variables; the text is data this script splits, never a string a shell
# parses.
#
# Why nothing of the run can forge that trailer: the service runs this script under the images'
# runner shell (/usr/lib/runbox/sh, a copy of dash installed with mode 0111: its user may execute
# it but not read it), so the wrapper is not dumpable. The run's processes (same uid) can kill it,
# but can neither trace it nor read its memory. The marker comes from stdin, never from argv or
# the environment, so the run cannot know it; and every process of the run is dead when the
# trailer is written. A run that kills the wrapper leaves no trailer; the service then stops what
# is left and takes the counters and files back with this script in the outside mode.
#
# With an empty marker line (under a runtime where the runner shell cannot make the wrapper
# non-dumpable, the service runs it with /bin/sh and sends no marker) the wrapper reports nothing
# and exits with the command's status: every run is then taken back from outside.
#
# outside: counts the run's processes still alive (printed as "leftovers"), kills them all,
# prints the counters on stderr and /sandbox as a tar on stdout.
#
# POSIX sh: the runner shell is dash.

pids=/sys/fs/cgroup/pids/pids.current
[ -r "$pids" ] || pids=/sys/fs/cgroup/pids.current

# The engine API never closes an exec's stdin, so head -c passes exactly the bytes sent for each
# part and then end-of-file.
unpack() { # $1: tar bytes, $2: the folder to unpack into
  head -c "$1" | tar -x -f - -C "$2"
}

# Sets text to the next $1 lines of stdin, joined by newlines (the shell's own read: no process).
read_text() {
  text=
  i=0
  while [ "$i" -lt "$1" ]; do
    IFS= read -r l || return 1
    [ "$i" -gt 0 ] && text="$text
"
    text=$text$l
    i=$((i + 1))
  done
}

run_command() { # $1: inner limit (s), $2: command, $3: stdin bytes; the variables in $vars
  while [ -n "$vars" ]; do
    export "${vars%%"$sep"*}"
    vars=${vars#*"$sep"}
  done
  if [ "$3" -gt 0 ]; then
    head -c "$3" | timeout -k 1 "$1" /bin/sh -c "$2"
  else
    timeout -k 1 "$1" /bin/sh -c "$2" </dev/null
  fi
}

# Kills until the container's task count (one read of the pids cgroup) is back to what it was
# before the command ($before: the idle process, init and the wrapper), bounded in rounds; the
# exact count of the run's processes in /proc that follows is then cheap, as only those few
# remain. Reading every /proc/N/status while a fork bomb's processes are still dying took seconds
# on a loaded machine, and pushed inner timeouts past the outer deadline.
fast_kill() {
  i=0
  while [ -n "$before" ] && [ "$i" -lt 5000 ]; do
    kill -9 -1
    read -r t <"$pids"
    [ "$t" -le "$before" ] && break
    i=$((i + 1))
  done
}

own_uid() {
  while read -r k v _; do [ "$k" = Uid: ] && { uid=$v; break; }; done </proc/$$/status
}

# Sets n to the live (not zombie) processes of this shell's real uid other than itself, from each
# /proc/N/status: a process that made itself non-dumpable shows its /proc/N as root's, but not its
# status.
count_leftovers() {
  n=0
  for d in /proc/[0-9]*; do
    [ "$d" = /proc/$$ ] && continue
    z=
    while read -r k v _; do
      case $k in
        State:) z=$v ;;
        Uid:) [ "$v" = "$uid" ] && [ "$z" != Z ] && n=$((n + 1)); break ;;
      esac
    done <"$d/status"
  done 2>/dev/null
}

# kill(-1) reports success while any other process is in the namespace (even one it may not
# signal), so the loop counts instead.
kill_all() {
  while :; do
    kill -9 -1 2>/dev/null
    count_leftovers
    [ "$n" -eq 0 ] && break
  done
}

# Each counter file of the container's own cgroup (v1 or v2) as a header line and its content
# (read by the shell itself: no process per file).
print_counters() {
  for f in /sys/fs/cgroup/memory/memory.max_usage_in_bytes /sys/fs/cgroup/cpuacct/cpuacct.usage \
    /sys/fs/cgroup/memory/memory.oom_control /sys/fs/cgroup/memory.peak /sys/fs/cgroup/cpu.stat \
    /sys/fs/cgroup/memory.events; do
    [ -r "$f" ] || continue
    echo "## $f"
    while IFS= read -r l || [ -n "$l" ]; do echo "$l"; done <"$f"
  done
}

send_files() {
  cd /sandbox && exec tar -c -f - .
}

# A tar failure (say, files larger than the sandbox) is the run's result: status 125. After the
# command the wrapper's own stderr goes nowhere.
report() {
  read -r marker || exit 125
  echo runbox:go
  read -r limit stdin_bytes tar_bytes home_bytes text_lines sep || exit 125
  [ -n "$sep" ] || exit 125
  read_text "$text_lines" || exit 125
  command=${text%%"$sep"*}
  vars=${text#*"$sep"}
  before=
  [ -r "$pids" ] && read -r before <"$pids"
  if [ "$tar_bytes" -gt 0 ]; then unpack "$tar_bytes" /sandbox || exit 125; fi
  if [ "$home_bytes" -gt 0 ]; then unpack "$home_bytes" "$HOME" || exit 125; fi
  if [ -n "$vars" ]; then
    (run_command "$limit" "$command" "$stdin_bytes")
  else
    run_command "$limit" "$command" "$stdin_bytes"
  fi
  status=$?
  exec 2>/dev/null
  fast_kill
  own_uid
  kill_all
  [ -n "$marker" ] || exit "$status"
  echo "$marker"
  echo "$status"
  print_counters
  echo '## end'
  send_files
}

outside() {
  own_uid
  count_leftovers
  echo "## leftovers" >&2
  echo "$n" >&2
  kill_all
  print_counters >&2
  send_files
}

mode=$1
shift
case $mode in
  report) report ;;
  outside) outside ;;
  *) echo "runbox wrapper: unknown mode '$mode'" >&2; exit 125 ;;
esac
