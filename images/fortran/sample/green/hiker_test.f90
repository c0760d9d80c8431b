! A self-check: gfortran has no test framework in Debian.
program hiker_test
  use hiker, only: answer
  implicit none
  if (answer() /= 42) then
    print '(A, I0, A)', 'Test failed: answer() is ', answer(), ', expected 42'
    stop 1
  end if
  print '(A)', 'All tests passed'
end program hiker_test
