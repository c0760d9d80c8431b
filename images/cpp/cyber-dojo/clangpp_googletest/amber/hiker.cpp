#include "hiker.hpp"

int roads()
{
    return 6 *;
}

int hiker::roads() const
{
    return ::roads();
}
