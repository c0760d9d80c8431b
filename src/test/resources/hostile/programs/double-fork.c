/* A daemon: double fork and a new session, ignoring TERM and HUP, outliving the main process.
   It also leaves files in /tmp and /dev/shm for the next run to find. */
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static void plant(const char *path) {
  FILE *f = fopen(path, "w");
  if (f != NULL) {
    fputs("planted\n", f);
    fclose(f);
  }
}

int main(void) {
  if (fork() == 0) {
    setsid();
    if (fork() == 0) {
      signal(SIGTERM, SIG_IGN);
      signal(SIGHUP, SIG_IGN);
      for (;;) {
        plant("/tmp/double-fork.heartbeat");
        usleep(200000);
      }
    }
    _exit(0);
  }
  wait(NULL);
  plant("/tmp/double-fork.planted");
  plant("/dev/shm/double-fork.planted");
  puts("daemon started");
  return 0;
}
