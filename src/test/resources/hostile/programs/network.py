# Every way out: TCP to loopback ports (the service's own port on the host, Docker's, ssh's), TCP and
# UDP to a documentation address (192.0.2.1, TEST-NET-1, routed nowhere), DNS, raw and packet sockets.
# Usage: python3 network.py SERVICE_PORT
import os
import socket
import sys


def attempt(what, action):
    try:
        action()
        print(what, "SUCCEEDED")
    except OSError as e:
        print(what, "failed:", type(e).__name__, os.strerror(e.errno) if e.errno and e.errno > 0 else "")


def tcp(host, port):
    with socket.create_connection((host, port), timeout=2):
        pass


def udp(host, port):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.sendto(b"x", (host, port))


for port in (int(sys.argv[1]), 2375, 2376, 22):
    attempt("tcp 127.0.0.1:%d" % port, lambda: tcp("127.0.0.1", port))
attempt("tcp 192.0.2.1:80", lambda: tcp("192.0.2.1", 80))
attempt("udp 192.0.2.1:53", lambda: udp("192.0.2.1", 53))
attempt("dns deb.debian.org", lambda: socket.getaddrinfo("deb.debian.org", 80))
attempt("raw icmp socket", lambda: socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP))
attempt("packet socket", lambda: socket.socket(socket.AF_PACKET, socket.SOCK_RAW))
print("interfaces:", " ".join(sorted(os.listdir("/sys/class/net"))))
