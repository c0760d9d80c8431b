answer(X) :- X is 6 * .
