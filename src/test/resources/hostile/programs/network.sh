# Bash's /dev/tcp to the service's own port on loopback, and a name lookup. Usage: bash network.sh SERVICE_PORT
if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then echo "tcp 127.0.0.1:$1 SUCCEEDED"; else echo "tcp 127.0.0.1:$1 failed"; fi
if getent hosts deb.debian.org >/dev/null; then echo "dns SUCCEEDED"; else echo "dns failed: status $?"; fi
