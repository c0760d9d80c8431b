answer(X) :- X is 6 * 9.
