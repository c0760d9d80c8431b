-module(hiker_tests).
-include_lib("eunit/include/eunit.hrl").

life_the_universe_and_everything_test() ->
    ?assertEqual(42, hiker:answer()).
