open OUnit2

let tests =
  "hiker"
  >::: [
         ( "life the universe and everything" >:: fun _ ->
           assert_equal ~printer:string_of_int 42 (Hiker.answer ()) );
       ]

let () = run_test_tt_main tests
