# 10 MB of short lines on stdout, then a word on stderr: both streams must keep being drained.
yes 'flood with newlines' | head -c 10000000
echo flooded >&2
