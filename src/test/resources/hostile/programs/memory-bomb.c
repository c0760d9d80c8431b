/* Memory bomb: allocate and touch 1 MiB blocks until the OOM killer stops it. */
#include <stdlib.h>
#include <string.h>

int main(void) {
  for (;;) {
    char *p = malloc(1 << 20);
    if (p != NULL) {
      memset(p, 'x', 1 << 20);
    }
  }
}
