with Ada.Text_IO;

procedure OK is
begin
   Ada.Text_IO.Put_Line ("OK");
end OK;
