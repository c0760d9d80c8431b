# runbox's exercise for cyber-dojo's javascript-assert start point: its tools, run the way
# its cyber-dojo.sh runs them, with runbox's own files.
if [ -f .jshintrc ]; then
  jshint --config .jshintrc *.js
fi

if [ $? == 0 ]; then
  node *Test*.js
fi
