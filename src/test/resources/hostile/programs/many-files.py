# Creates small files in /sandbox until the inode limit refuses one.
import os

n = 0
try:
    while True:
        with open("f%06d" % n, "w"):
            pass
        n += 1
except OSError as e:
    print("stopped:", os.strerror(e.errno))
