# Memory bomb: keep 1 MiB blocks (touched, so really resident) until the OOM killer stops it.
chunks = []
while True:
    chunks.append(bytearray(b"x" * (1 << 20)))
