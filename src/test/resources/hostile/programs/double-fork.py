# A daemon: double fork and a new session, ignoring TERM and HUP, outliving the main process.
# It also leaves files in /tmp and /dev/shm for the next run to find.
import os
import signal
import time

if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
        while True:
            with open("/tmp/double-fork.heartbeat", "w") as f:
                f.write(str(time.time()))
            time.sleep(0.2)
    os._exit(0)
os.wait()
for planted in ("/tmp/double-fork.planted", "/dev/shm/double-fork.planted"):
    with open(planted, "w") as f:
        f.write("planted\n")
print("daemon started")
