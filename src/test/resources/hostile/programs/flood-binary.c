/* 10 MB of binary (every byte value, in order, again and again) on stdout, then a word on stderr. */
#include <stdio.h>
#include <unistd.h>

int main(void) {
  unsigned char block[65536];
  for (int i = 0; i < (int) sizeof block; i++) {
    block[i] = (unsigned char) i;
  }
  for (long sent = 0; sent < 10000000; sent += (long) sizeof block) {
    if (write(1, block, sizeof block) < 0) {
      return 1;
    }
  }
  fputs("flooded\n", stderr);
  return 0;
}
