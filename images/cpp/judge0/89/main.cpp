#include <iostream>

#include "sum.h"

int main() {
  long long a, b;
  if (!(std::cin >> a >> b)) {
    return 1;
  }
  std::cout << sum(a, b) << '\n';
  return 0;
}
