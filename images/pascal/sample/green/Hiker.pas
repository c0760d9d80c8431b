unit Hiker;

{$mode objfpc}{$H+}

interface

function Answer: Integer;

implementation

function Answer: Integer;
begin
  Result := 6 * 7;
end;

end.
