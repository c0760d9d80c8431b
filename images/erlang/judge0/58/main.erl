%% Reads two whole numbers from one line and prints their sum.
main(_) ->
    {ok, [A, B]} = io:fread("", "~d ~d"),
    io:format("~w~n", [A + B]).
