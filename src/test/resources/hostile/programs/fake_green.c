/* Claims the C image's green line, then crashes: the verdict must not be green. */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
  puts("All tests passed");
  fflush(stdout);
  abort();
}
