let answer () = 6 * 7
