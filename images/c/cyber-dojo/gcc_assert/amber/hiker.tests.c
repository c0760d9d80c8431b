#include "hiker.h"
#include <assert.h>
#include <stdio.h>

static void a_hiker_walks_down_42_roads(void)
{
    assert(roads() == 42);
}

int main(void)
{
    a_hiker_walks_down_42_roads();
    puts("All tests passed");
    return 0;
}
