function r = answer ()
  r = 6 * 9;
end
