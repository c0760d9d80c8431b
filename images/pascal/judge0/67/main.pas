program Main;

var
  A, B: Int64;

begin
  ReadLn(A, B);
  WriteLn(A + B);
end.
