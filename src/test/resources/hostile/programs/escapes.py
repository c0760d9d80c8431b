# Every byte value on stdout, in order.
import sys

sys.stdout.buffer.write(bytes(range(256)))
