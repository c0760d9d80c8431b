let answer () = 6 * 9
