/* Busy loop on every core (one thread each, plus one): only the CPU quota and the timer hold it. */
#include <pthread.h>
#include <unistd.h>

static void *spin(void *arg) {
  (void) arg;
  for (volatile unsigned long i = 0;; i++) {
  }
  return NULL;
}

int main(void) {
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  for (long i = 0; i < cores; i++) {
    pthread_t t;
    pthread_create(&t, NULL, spin, NULL);
  }
  spin(NULL);
}
