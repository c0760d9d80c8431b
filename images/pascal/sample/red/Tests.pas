program Tests;

{$mode objfpc}{$H+}

uses
  consoletestrunner, HikerTest;

var
  App: TTestRunner;

begin
  App := TTestRunner.Create(nil);
  App.Initialize;
  App.Run;
  App.Free;
end.
