# runbox's exercise for cyber-dojo's nasm-assert start point: its tools, run the way its
# cyber-dojo.sh runs them, with runbox's own files.
make
