#include "hiker.hpp"

int roads()
{
    return 6 * 9;
}

int hiker::roads() const
{
    return ::roads();
}
