# 10 MB on each stream at the same time.
yes out | head -c 10000000 &
yes err | head -c 10000000 >&2
wait
