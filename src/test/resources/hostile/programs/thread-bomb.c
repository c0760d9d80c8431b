/* Thread bomb: start sleeping threads until the pids limit refuses one, then say so and exit. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void *sleeper(void *arg) {
  (void) arg;
  sleep(600);
  return NULL;
}

int main(void) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 64 * 1024);
  for (;;) {
    pthread_t t;
    int err = pthread_create(&t, &attr, sleeper, NULL);
    if (err != 0) {
      printf("thread bomb stopped: %s\n", strerror(err));
      return 0;
    }
  }
}
