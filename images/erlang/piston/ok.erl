#!/usr/bin/env escript
main(_) ->
    io:format("OK~n").
