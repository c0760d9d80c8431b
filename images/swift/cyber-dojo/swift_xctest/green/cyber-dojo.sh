# runbox's exercise for cyber-dojo's swift-xctest start point: its tools, run the way
# its cyber-dojo.sh runs them, with runbox's own files (the program is built in /tmp).
swiftc -o /tmp/main *.swift && /tmp/main
