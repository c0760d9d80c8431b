package Hiker is
   function Answer return Integer;
end Hiker;
