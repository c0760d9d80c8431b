# shellcheck shell=dash
#
# runbox's in-container wrapper: the whole run in one exec, or the take-back from outside.
#
#   sh -c "$wrapper" runbox report
#   sh -c "$wrapper" runbox outside
#   sh -c "$wrapper" runbox serve
#   sh -c "$wrapper" runbox init
#
# report: waits for its request on stdin, so that the service can start it ahead of time (when a
# warm container is made) and a run only writes into it. The request, in this order: a secret
# marker line; the line "LIMIT_S STDIN_BYTES TAR_BYTES HOME_TAR_BYTES TEXT_LINES SEP"; TEXT_LINES
# lines of text: the command and then each of the run's variables (NAME=value), each followed by
# the separator SEP (a random word the service chose so that no item contains it); the files as a
# tar (TAR_BYTES, none when 0, unpacked into /sandbox), the service's home files as a tar
# (HOME_TAR_BYTES, none when 0, unpacked into $HOME) and the command's stdin (STDIN_BYTES; -1: live
# stdin, see "live"). As soon as its marker line arrives
# the wrapper prints "runbox:go" (so the service knows the request reached it: a wrapper that ended
# before that never ran anything, and the request may go to another container); it then unpacks,
# runs the command with the variables exported under the inner timer, kills every process of the
# run's uid, and then prints the marker (after a byte 036, the record separator, which a prompt
# seldom ends with: the service holds back output that may be the start of the marker), the exit status, the cgroup's counters, the line "## end"
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
# serve: a judge's tests, one after the other, in one container (see "serve" below).
#
# init: report mode as a warm container's own first process (PID 1), started by the engine with the
# container and reading the container's stdin, so that a run needs no exec (see "init" below).
#
# POSIX sh: the runner shell is dash.

pids=/sys/fs/cgroup/pids/pids.current
[ -r "$pids" ] || pids=/sys/fs/cgroup/pids.current

# The wrapper's own tar is Debian's static BusyBox (installed in runbox's base image): a static
# binary starts in about half the time of GNU tar with its shared libraries, and a run pays two of
# them. BusyBox's tar reads its input to the end, as GNU's does, so it is always fed through head.
busybox=/bin/busybox

# The engine API never closes an exec's stdin, so head -c passes exactly the bytes sent for each
# part and then end-of-file. GNU head, not BusyBox's: BusyBox's head reads ahead through a buffer,
# and would swallow the start of the next part.
unpack() { # $1: tar bytes, $2: the folder to unpack into
  head -c "$1" | "$busybox" tar -x -f - -C "$2"
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

export_vars() { # the variables in $vars
  while [ -n "$vars" ]; do
    export "${vars%%"$sep"*}"
    vars=${vars#*"$sep"}
  done
}

run_command() { # $1: inner limit (s), $2: command, $3: stdin bytes; the variables in $vars
  export_vars
  if [ "$3" -gt 0 ]; then
    head -c "$3" | timeout -k 1 "$1" /bin/sh -c "$2"
  else
    timeout -k 1 "$1" /bin/sh -c "$2" </dev/null
  fi
}

# Live stdin (STDIN_BYTES -1): what follows the files on this wrapper's stdin is a stream of frames
# from the service, read while the command runs: "d N" and then N bytes of stdin, "e" (the stdin
# ends) or "s NAME" (signal NAME, such as INT, for the command: every process in the inner timer's
# process group but the timer, as a terminal signals its foreground group). The command's shell
# catches the catchable ones with a trap that does nothing, so that it waits for its program and
# ends with the program's status, as the program decides. The command's stdin is a pipe that only the feeder (a
# background copy of this shell, not dumpable either) writes; the feeder's own stdin is this
# wrapper's, saved on fd 6 because a background list's stdin is otherwise /dev/null. A chunk the
# command no longer reads is drained all the same, so that the frames stay in step. The feeder is a
# process of the run's uid: the kills after the command end it.
live() { # $1: inner limit (s), $2: command; the variables in $vars
  f=/tmp/.runbox-stdin
  mkfifo -m 600 "$f" || return 125
  (
    export_vars
    exec timeout -k 1 "$1" /bin/sh -c "trap : HUP INT QUIT TERM USR1 USR2
$2"
  ) <"$f" &
  c=$!
  exec 5>"$f" 6<&0
  rm -f "$f"
  feed <&6 &
  exec 5>&- 6<&-
  wait "$c"
}

feed() { # the command's pid in $c, its stdin's pipe on fd 5
  trap '' PIPE
  while read -r kind arg; do
    case $kind in
      d) head -c "$arg" | { cat >&5 || cat >/dev/null; } 2>/dev/null ;;
      e) exec 5>&- ;;
      s)
        for d in /proc/[0-9]*; do
          p=${d#/proc/}
          [ "$p" = "$c" ] && continue
          IFS= read -r st <"$d/stat" 2>/dev/null || continue
          # after the command's name: the state, the parent and the process group, all plain words
          # shellcheck disable=SC2086
          set -- ${st##*) }
          [ "$3" = "$c" ] && kill -s "$arg" "$p" 2>/dev/null
        done
        ;;
    esac
  done
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

# Sets uid to this shell's real uid, and self to its pid (in a subshell $$ is the parent's).
own_uid() {
  while read -r k v _; do [ "$k" = Uid: ] && { uid=$v; break; }; done </proc/$$/status
  read -r self _ </proc/self/stat
}

# Sets n to the live (not zombie) processes of this shell's real uid other than itself and the
# container's first process (which no kill from inside reaches; see "init"), from each
# /proc/N/status: a process that made itself non-dumpable shows its /proc/N as root's, but not its
# status.
count_leftovers() {
  n=0
  for d in /proc/[0-9]*; do
    case $d in /proc/1 | "/proc/$self") continue ;; esac
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

# Sets counters to each counter file of the container's own cgroup (v1 or v2) as a header line and
# its content, every line ending in a newline (read by the shell itself: no process per file). It is
# printed with the rest of its trailer in one write: every write is a frame of its own on the
# engine's stream, and each frame costs the engine and the service a hand-over.
read_counters() {
  counters=
  for f in /sys/fs/cgroup/memory/memory.max_usage_in_bytes /sys/fs/cgroup/cpuacct/cpuacct.usage \
    /sys/fs/cgroup/memory/memory.oom_control /sys/fs/cgroup/memory.peak /sys/fs/cgroup/cpu.stat \
    /sys/fs/cgroup/memory.events; do
    [ -r "$f" ] || continue
    counters="$counters## $f
"
    while IFS= read -r l || [ -n "$l" ]; do
      counters="$counters$l
"
    done <"$f"
  done
}

# /sandbox as a tar. BusyBox writes no padding after the two blocks that end the archive, so a small
# tar is a few 512-byte blocks (GNU tar's default record is 10 KiB, which the engine's stream
# carries in ten 1 KiB frames).
send_files() {
  cd /sandbox && exec "$busybox" tar -c -f - .
}

# A tar failure (say, files larger than the sandbox) is the run's result: status 125. After the
# command the wrapper's own stderr goes nowhere.
report() {
  read -r marker || exit 125
  echo runbox:go
  request
}

# The request after its marker line, up to the trailer (see "report").
request() {
  read -r limit stdin_bytes tar_bytes home_bytes text_lines sep || exit 125
  [ -n "$sep" ] || exit 125
  read_text "$text_lines" || exit 125
  command=${text%%"$sep"*}
  vars=${text#*"$sep"}
  before=
  [ -r "$pids" ] && read -r before <"$pids"
  if [ "$tar_bytes" -gt 0 ]; then unpack "$tar_bytes" /sandbox || exit 125; fi
  if [ "$home_bytes" -gt 0 ]; then unpack "$home_bytes" "$HOME" || exit 125; fi
  if [ "$stdin_bytes" -lt 0 ]; then
    live "$limit" "$command"
  elif [ -n "$vars" ]; then
    (run_command "$limit" "$command" "$stdin_bytes")
  else
    run_command "$limit" "$command" "$stdin_bytes"
  fi
  status=$?
  exec 3>&2 2>/dev/null
  fast_kill
  own_uid
  kill_all
  [ -n "$marker" ] || exit "$status"
  read_counters
  end_stderr
  printf '\036%s\n%s\n%s## end\n' "$marker" "$status" "$counters"
  send_files
}

# The trailer's start on stderr too (saved on fd 3), before the one on stdout: the engine keeps the
# order within each stream but not between the two, so the service waits for this one to know it
# has all of the run's stderr.
end_stderr() {
  printf '\036%s\n' "$marker" >&3
  exec 3>&-
}

# init: the first process of a warm container, under the runner shell (not dumpable), the
# container's stdin its own. It reads the marker line, says go, and runs the rest of the request in
# report mode in a subshell (not dumpable either; it knows the marker). The run's processes share
# its uid, but inside its pid namespace no signal reaches PID 1 unless it handles that signal, and
# this shell handles none: it outlives whatever the run does, and so does the container, so that
# its tmpfs can still be taken back from outside. When the subshell ended without its trailer (the
# run killed it, or its request was refused), it counts the run's processes still alive, kills
# them all, and only then (nothing of the run alive to read or write the stream) prints the marker,
# the subshell's exit status, "## leftovers" and the count, and "## gone". It then becomes an idle
# process holding none of the container's streams. A container whose stdin closed before a request
# came (a session took it, or it waited too long) says "runbox:idle" (a waiting wrapper that prints
# is spent, and never reaches a run) and goes idle at once.
park() {
  # sleep reads nothing: its stdin is redirected to let go of the container's stdin stream.
  # shellcheck disable=SC2217
  exec sleep infinity </dev/null >/dev/null 2>&1
}

init() {
  if ! IFS= read -r marker; then
    echo runbox:idle
    park
  fi
  echo runbox:go
  (request)
  status=$?
  [ "$status" -eq 0 ] && park
  exec 3>&2 2>/dev/null
  own_uid
  # A process that was ending as the wrapper did (the one that killed it, say) is not left over: a
  # few are looked at again (no process is started here, so that none is needed from a full pids
  # cgroup).
  count_leftovers
  i=0
  while [ "$n" -gt 0 ] && [ "$n" -le 8 ] && [ "$i" -lt 100 ]; do
    count_leftovers
    i=$((i + 1))
  done
  left=$n
  kill_all
  end_stderr
  printf '\036%s\n%s\n## leftovers\n%s\n## gone\n' "$marker" "$status" "$left"
  park
}

outside() {
  own_uid
  count_leftovers
  echo "## leftovers" >&2
  echo "$n" >&2
  kill_all
  read_counters
  printf '%s' "$counters" >&2
  send_files
}

# The judge's session: a sequence of steps on stdin, one test of a compiled program (or of a
# checker) each, in one exec that lives as long as the session. Each step: a secret marker line
# (new for every step); the line "LIMIT_S CPU_S STDIN_BYTES BASE_BYTES TAR_BYTES BACK TEXT_LINES
# SEP" (CPU_S 0: no CPU limit; BACK 1: send /sandbox back); TEXT_LINES lines: the command and then
# each argument, each followed by SEP; the session's base files as a tar and the step's own files
# as a second tar (both unpacked into a /sandbox emptied first), and the stdin. No process of the
# run's uid but this one outlives a step (all are killed when the wrapper starts and after each
# step), and before a step runs /sandbox, /tmp, /dev/shm and the SysV IPC objects are emptied, so
# nothing of an earlier step is left. The command runs with its arguments as "$@", under the inner
# timer and the CPU limit (RLIMIT_CPU: SIGXCPU at CPU_S seconds, KILL a second later); its stdin is
# a file this wrapper wrote and unlinked before it started, so nothing of the run ever reads this
# wrapper's stdin. After it: the marker on stderr (the run's stderr ends before it), and on stdout
# the marker, the exit status, the largest resident set of the command's processes in KiB (GNU
# time; empty when unknown), the cgroup's CPU microseconds and OOM kills before the command and
# after it, the size of the tar that follows (0 unless BACK), and "## end"; with BACK, /sandbox as
# a tar of that size follows (made after every process of the step was killed, so nothing of the
# step changes it). The service sends the next step only after that. What protects the marker is
# what protects report mode's.
wipe() {
  if ! find /sandbox /tmp /dev/shm -mindepth 1 -delete 2>/dev/null; then
    chmod -R u+rwX /sandbox /tmp /dev/shm 2>/dev/null
    find /sandbox /tmp /dev/shm -mindepth 1 -delete 2>/dev/null
  fi
  for f in /proc/sysvipc/shm /proc/sysvipc/msg /proc/sysvipc/sem; do
    n=0
    while read -r _; do n=$((n + 1)); done <"$f" 2>/dev/null
    if [ "$n" -gt 1 ]; then
      ipcrm --all 2>/dev/null
      break
    fi
  done
}

# Sets cpu_us and ooms from the container's cgroup (v2, else v1); 0 when a counter is missing.
read_usage() {
  cpu_us=0
  ooms=0
  if [ -r /sys/fs/cgroup/cpu.stat ]; then
    while read -r k v; do [ "$k" = usage_usec ] && cpu_us=$v; done </sys/fs/cgroup/cpu.stat
  elif [ -r /sys/fs/cgroup/cpuacct/cpuacct.usage ]; then
    read -r v </sys/fs/cgroup/cpuacct/cpuacct.usage && cpu_us=$((v / 1000))
  fi
  if [ -r /sys/fs/cgroup/memory.events ]; then
    while read -r k v; do [ "$k" = oom_kill ] && ooms=$v; done </sys/fs/cgroup/memory.events
  elif [ -r /sys/fs/cgroup/memory/memory.oom_control ]; then
    while read -r k v; do [ "$k" = oom_kill ] && ooms=$v; done </sys/fs/cgroup/memory/memory.oom_control
  fi
}

# In a subshell: the limits, the arguments, then the command in place of the subshell.
step_command() { # $1: inner limit (s), $2: CPU limit (s, 0: none), $3: command; args in $args
  if [ "$2" -gt 0 ]; then
    ulimit -t $(($2 + 1))
    ulimit -S -t "$2"
  fi
  step_limit=$1
  step_line=$3
  set --
  while [ -n "$args" ]; do
    set -- "$@" "${args%%"$sep"*}"
    args=${args#*"$sep"}
  done
  exec /usr/bin/time -q -f %M -o /tmp/.runbox-rss timeout -k 1 "$step_limit" /bin/sh -c "$step_line"' "$@"' sh "$@" <&3 3<&-
}

serve() {
  own_uid
  before=
  [ -r "$pids" ] && read -r before <"$pids"
  kill_all
  while IFS= read -r marker; do
    [ -n "$marker" ] || exit 125
    read -r limit cpu stdin_bytes base_bytes tar_bytes back text_lines sep || exit 125
    [ -n "$sep" ] || exit 125
    read_text "$text_lines" || exit 125
    command=${text%%"$sep"*}
    args=${text#*"$sep"}
    wipe
    if [ "$base_bytes" -gt 0 ]; then unpack "$base_bytes" /sandbox || exit 125; fi
    if [ "$tar_bytes" -gt 0 ]; then unpack "$tar_bytes" /sandbox || exit 125; fi
    if [ "$stdin_bytes" -gt 0 ]; then
      head -c "$stdin_bytes" >/tmp/.runbox-stdin || exit 125
      exec 3</tmp/.runbox-stdin
      rm -f /tmp/.runbox-stdin
    else
      exec 3</dev/null
    fi
    read_usage
    cpu_before=$cpu_us
    ooms_before=$ooms
    (step_command "$limit" "$cpu" "$command")
    status=$?
    exec 3<&-
    fast_kill 2>/dev/null
    kill_all
    read_usage
    rss=
    if [ -r /tmp/.runbox-rss ]; then
      while IFS= read -r l; do case $l in *[!0-9]* | '') ;; *) rss=$l ;; esac; done </tmp/.runbox-rss
    fi
    size=0
    if [ "$back" = 1 ]; then
      (cd /sandbox && "$busybox" tar -c -f /tmp/.runbox-back .) && size=$(wc -c </tmp/.runbox-back)
    fi
    # each in one write (see read_counters)
    printf '%s\n' "$marker" >&2
    printf '%s\n%s\n%s\n%s %s\n%s %s\n%s\n## end\n' "$marker" "$status" "$rss" \
      "$cpu_before" "$ooms_before" "$cpu_us" "$ooms" "$size"
    if [ "$size" -gt 0 ]; then cat /tmp/.runbox-back; fi
  done
}

mode=$1
shift
case $mode in
  report) report ;;
  outside) outside ;;
  serve) serve ;;
  init) init ;;
  *) echo "runbox wrapper: unknown mode '$mode'" >&2; exit 125 ;;
esac
