function r = answer ()
  r = 6 * 7;
end
