%!test
%! assert (answer (), 42);
