module hiker
  implicit none
contains
  integer function answer()
    answer = 6 * 7
  end function answer
end module hiker
