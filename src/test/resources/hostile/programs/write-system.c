/* Tries to write to the root, /etc, binaries, /proc/sys and /sys; prints why each is refused. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
  const char *paths[] = {"/evil", "/etc/evil", "/etc/passwd", "/usr/bin/evil", "/proc/sys/kernel/hostname",
                         "/proc/sys/vm/drop_caches", "/proc/sysrq-trigger", "/sys/kernel/mm/transparent_hugepage/enabled"};
  for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
    int fd = open(paths[i], O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0 && write(fd, "x\n", 2) == 2) {
      printf("WROTE %s\n", paths[i]);
    } else {
      printf("%s: %s\n", paths[i], strerror(errno));
    }
    if (fd >= 0) {
      close(fd);
    }
  }
  return 0;
}
