#include "hiker.hpp"
#include <gtest/gtest.h>

TEST(Hiker, walks_down_42_roads)
{
    EXPECT_EQ(42, roads());
}

TEST(Hiker, every_hiker_walks_down_the_same_roads)
{
    EXPECT_EQ(roads(), hiker().roads());
}
