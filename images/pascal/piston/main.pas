program Main;

begin
  WriteLn('OK');
end.
