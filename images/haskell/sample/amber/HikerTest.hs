module Main (main) where

import Hiker (answer)
import Test.HUnit

tests :: Test
tests =
  TestList
    [ "life the universe and everything" ~: answer ~?= 42
    ]

main :: IO ()
main = runTestTTAndExit tests
