package body Hiker is
   function Answer return Integer is
   begin
      return 6 * 9;
   end Answer;
end Hiker;
