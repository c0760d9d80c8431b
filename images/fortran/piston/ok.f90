program ok
  print '(A)', 'OK'
end program ok
