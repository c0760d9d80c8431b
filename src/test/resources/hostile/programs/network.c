/* TCP to the service's own port on loopback and to a documentation address routed nowhere
   (192.0.2.1, TEST-NET-1), and a raw socket. Usage: network SERVICE_PORT */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void tcp(const char *host, int port) {
  struct sockaddr_in a = {0};
  a.sin_family = AF_INET;
  a.sin_port = htons((unsigned short) port);
  inet_pton(AF_INET, host, &a.sin_addr);
  int s = socket(AF_INET, SOCK_STREAM, 0);
  if (connect(s, (struct sockaddr *) &a, sizeof a) == 0) {
    printf("tcp %s:%d SUCCEEDED\n", host, port);
  } else {
    printf("tcp %s:%d failed: %s\n", host, port, strerror(errno));
  }
  close(s);
}

int main(int argc, char **argv) {
  tcp("127.0.0.1", argc > 1 ? atoi(argv[1]) : 4597);
  tcp("192.0.2.1", 80);
  int raw = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
  printf("raw icmp socket %s\n", raw >= 0 ? "SUCCEEDED" : strerror(errno));
  return 0;
}
