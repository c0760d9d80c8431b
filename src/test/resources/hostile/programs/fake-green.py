# Claims pytest's green summary, then crashes: the verdict must not be green.
import os

print("3 passed in 0.01s", flush=True)
os.kill(os.getpid(), 9)
