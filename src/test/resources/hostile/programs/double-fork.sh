# A daemon: double fork and a new session, ignoring TERM and HUP, outliving the main process.
# It also leaves files in /tmp and /dev/shm for the next run to find.
(setsid bash -c 'trap "" TERM HUP; while :; do date > /tmp/double-fork.heartbeat; sleep 0.2; done' double-fork &)
echo planted > /tmp/double-fork.planted
echo planted > /dev/shm/double-fork.planted
echo daemon started
