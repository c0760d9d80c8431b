module Hiker where

answer :: Int
answer = 6 * 7
