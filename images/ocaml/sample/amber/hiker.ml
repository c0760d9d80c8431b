let answer () = 6 *
