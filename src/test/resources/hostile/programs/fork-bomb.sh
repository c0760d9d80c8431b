# Fork bomb. Every copy keeps forking; a failed fork under the pids limit only fails that copy's
# fork. The main shell then loops without forking, so it is still alive when the timer fires
# (bash may exit on a failed fork of its own, which would end the run early and by chance).
exec 2>/dev/null # bash's "fork: retry" messages vary in number; keep stderr exact
bomb() { bomb | bomb & }
bomb
while :; do :; done
