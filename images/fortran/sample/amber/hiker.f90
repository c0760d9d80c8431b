module hiker
  implicit none
contains
  integer function answer()
    answer = 6 * 
  end function answer
end module hiker
