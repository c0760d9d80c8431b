# Ignores SIGTERM and loops: the timer's TERM does nothing, its KILL must follow.
trap '' TERM
echo ignoring TERM
while :; do :; done
