unit HikerTest;

{$mode objfpc}{$H+}

interface

uses
  fpcunit, testregistry, Hiker;

type
  THikerTest = class(TTestCase)
  published
    procedure TestLifeTheUniverseAndEverything;
  end;

implementation

procedure THikerTest.TestLifeTheUniverseAndEverything;
begin
  AssertEquals(42, Answer);
end;

initialization
  RegisterTest(THikerTest);
end.
