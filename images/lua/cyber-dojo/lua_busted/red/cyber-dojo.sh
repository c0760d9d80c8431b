# Runs the hiker's tests the way the lua-busted start point does: every .lua file is parsed
# first (one luac for all of them, so one that does not parse stops the run with its file and
# line), then busted finds and runs every *_spec.lua below here in one suite.
set -e

echo Parse
find . -name '*.lua' -exec luac -p {} +

echo
busted .
