# Reads stdin to its end: with no stdin sent it must see end-of-file at once, not block.
import sys

data = sys.stdin.buffer.read()
print("end of stdin after", len(data), "bytes")
