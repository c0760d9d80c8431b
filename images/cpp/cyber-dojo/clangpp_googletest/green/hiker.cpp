#include "hiker.hpp"

int roads()
{
    return 6 * 7;
}

int hiker::roads() const
{
    return ::roads();
}
