# 10 MB without a single newline on stdout, then a word on stderr.
import sys

for _ in range(10):
    sys.stdout.write("x" * 1_000_000)
sys.stdout.flush()
print("flooded", file=sys.stderr)
