--  A self-check: the image has no Ada test framework.
with Ada.Command_Line;
with Ada.Text_IO;
with Hiker;

procedure Hiker_Test is
   Actual : constant Integer := Hiker.Answer;
begin
   if Actual = 42 then
      Ada.Text_IO.Put_Line ("All tests passed");
   else
      Ada.Text_IO.Put_Line
        ("Test failed: Answer is" & Integer'Image (Actual) & ", expected 42");
      Ada.Command_Line.Set_Exit_Status (Ada.Command_Line.Failure);
   end if;
end Hiker_Test;
