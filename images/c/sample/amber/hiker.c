#include "hiker.h"

int answer(void)
{
    return 6 * 7
}
