# Thread bomb: start sleeping threads until the pids limit refuses one, then say so and exit.
import threading
import time

try:
    while True:
        threading.Thread(target=time.sleep, args=(600,), daemon=True).start()
except RuntimeError as e:
    print("thread bomb stopped:", e)
