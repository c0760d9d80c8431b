x <- scan(file("stdin"), what = integer(), nlines = 1, quiet = TRUE)
cat(sum(x), "\n", sep = "")
