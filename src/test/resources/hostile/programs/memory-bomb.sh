# Memory bomb: a shell string that doubles until the memory limit's OOM killer stops it.
s=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
while :; do s="$s$s"; done
