# Floods stdout and never reads the stdin it was given.
import sys

for _ in range(5):
    sys.stdout.write("y" * 1_000_000)
