/* Fork bomb: every process forks forever; a fork refused by the pids limit is retried. */
#include <unistd.h>

int main(void) {
  for (;;) {
    fork();
  }
}
