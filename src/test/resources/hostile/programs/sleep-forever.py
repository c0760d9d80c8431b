# Sleeps forever; only the timer ends it.
import time

print("sleeping", flush=True)
while True:
    time.sleep(3600)
