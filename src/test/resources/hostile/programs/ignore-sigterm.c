/* Ignores SIGTERM (and HUP, INT) and loops: the timer's TERM does nothing, its KILL must follow. */
#include <signal.h>
#include <stdio.h>

int main(void) {
  signal(SIGTERM, SIG_IGN);
  signal(SIGHUP, SIG_IGN);
  signal(SIGINT, SIG_IGN);
  puts("ignoring TERM");
  fflush(stdout);
  for (volatile unsigned long i = 0;; i++) {
  }
}
