# Sleeps forever; only the timer ends it.
echo sleeping
sleep infinity
