function r = answer ()
  r = 6 * ;
end
