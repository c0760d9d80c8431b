# Looks through /proc for other processes and for the host. Usage: python3 proc-snoop.py HOST_NAME
import os
import sys


def read(path):
    try:
        with open(path, "rb") as f:
            return "%d bytes" % len(f.read(1 << 20))
    except OSError as e:
        return os.strerror(e.errno)


mine = os.getuid()
others = [p for p in os.listdir("/proc") if p.isdigit() and os.stat("/proc/" + p).st_uid != mine]
print("processes of other users:", len(others))
for p in others:
    print("their environ:", read("/proc/%s/environ" % p))
    try:
        os.listdir("/proc/%s/root" % p)
        print("their root: LISTED")
    except OSError as e:
        print("their root:", os.strerror(e.errno))
for path in ("/proc/kcore", "/proc/keys", "/proc/timer_list", "/proc/sched_debug"):
    print(path + ":", read(path))
with open("/proc/kallsyms") as f:
    print("kernel addresses in /proc/kallsyms:", sum(1 for line in f if not line.startswith("0000000000000000")))
print("highest pid seen below 100:", max(int(p) for p in os.listdir("/proc") if p.isdigit()) < 100)
with open("/proc/sys/kernel/hostname") as f:
    print("hostname is the host's:", f.read().strip() == sys.argv[1])
