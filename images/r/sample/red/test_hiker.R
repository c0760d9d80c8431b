source("hiker.R")

test_that("life, the universe and everything", {
  expect_equal(answer(), 42)
})
