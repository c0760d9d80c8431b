/* A channel between runs: "plant" leaves a SysV shared memory segment and a message queue under
   fixed keys; "find" looks for them. The next run has its own ipc namespace and finds nothing. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/shm.h>

#define KEY 0x52554e42

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "plant") == 0) {
    int shm = shmget(KEY, 4096, IPC_CREAT | 0666);
    int msg = msgget(KEY, IPC_CREAT | 0666);
    printf("planted: shm %s, msg %s\n", shm >= 0 ? "yes" : strerror(errno), msg >= 0 ? "yes" : strerror(errno));
    return 0;
  }
  int shm = shmget(KEY, 0, 0);
  printf("shm: %s\n", shm >= 0 ? "FOUND" : strerror(errno));
  int msg = msgget(KEY, 0);
  printf("msg: %s\n", msg >= 0 ? "FOUND" : strerror(errno));
  return 0;
}
