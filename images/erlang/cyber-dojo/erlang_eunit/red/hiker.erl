-module(hiker).
-export([answer/0]).

answer() ->
  6 * 9.
