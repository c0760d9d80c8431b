/* Privilege syscalls, each refused. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <unistd.h>

static void report(const char *what, int result) {
  printf("%s %s\n", what, result == 0 ? "SUCCEEDED" : strerror(errno));
}

int main(void) {
  report("setuid(0)", setuid(0));
  report("setresuid(0,0,0)", setresuid(0, 0, 0));
  report("unshare user namespace", unshare(CLONE_NEWUSER));
  report("mount tmpfs", mount("none", "/tmp", "tmpfs", 0, NULL));
  report("chroot", chroot("/tmp"));
  report("ptrace pid 1", (int) ptrace(PTRACE_ATTACH, 1, NULL, NULL));
  return 0;
}
