library(RUnit)
source('hiker.R')

checkEquals(42, answer())

print("All tests passed")
