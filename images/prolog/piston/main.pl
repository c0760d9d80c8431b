:- initialization(main).

main :- write('OK'), nl.
