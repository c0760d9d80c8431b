% Tests of hiker.pl. GNU Prolog has no test framework: this file runs each test itself,
% prints "N passed, M failed" and exits with status 1 when a test failed.
:- initialization(main).

tests([life_the_universe_and_everything]).

test(life_the_universe_and_everything) :-
    answer(X),
    expect_equal(42, X).

expect_equal(Expected, Actual) :-
    (   Expected == Actual
    ->  true
    ;   format("  expected ~w, got ~w~n", [Expected, Actual]),
        fail
    ).

main :-
    tests(Tests),
    run(Tests, 0, 0, Passed, Failed),
    format("~d passed, ~d failed~n", [Passed, Failed]),
    (   Failed =:= 0
    ->  halt(0)
    ;   halt(1)
    ).

run([], Passed, Failed, Passed, Failed).
run([Test|Tests], Passed0, Failed0, Passed, Failed) :-
    (   catch(test(Test), Error, (format("  error: ~w~n", [Error]), fail))
    ->  format("PASSED: ~w~n", [Test]),
        Passed1 is Passed0 + 1,
        Failed1 = Failed0
    ;   format("FAILED: ~w~n", [Test]),
        Passed1 = Passed0,
        Failed1 is Failed0 + 1
    ),
    run(Tests, Passed1, Failed1, Passed, Failed).
