# Ignores SIGTERM and loops: the timer's TERM does nothing, its KILL must follow.
import signal

signal.signal(signal.SIGTERM, signal.SIG_IGN)
print("ignoring TERM", flush=True)
while True:
    pass
