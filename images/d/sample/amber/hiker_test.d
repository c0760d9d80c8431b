module hiker_test;

import hiker;

unittest
{
    assert(answer() == 42, "life, the universe and everything");
}
