% Reads two whole numbers from one line of stdin and prints their sum.
:- initialization(main).

main :-
    read_line(Codes),
    words(Codes, [A, B]),
    number_codes(X, A),
    number_codes(Y, B),
    Sum is X + Y,
    write(Sum),
    nl.

read_line(Codes) :-
    get_code(C),
    read_line(C, Codes).

read_line(-1, []) :- !.
read_line(10, []) :- !.
read_line(C, [C|Codes]) :-
    get_code(Next),
    read_line(Next, Codes).

words(Codes, Words) :-
    skip_blanks(Codes, Rest),
    (   Rest == []
    ->  Words = []
    ;   word(Rest, Word, After),
        Words = [Word|More],
        words(After, More)
    ).

skip_blanks([C|Cs], Rest) :- blank(C), !, skip_blanks(Cs, Rest).
skip_blanks(Cs, Cs).

word([C|Cs], [C|Word], Rest) :- \+ blank(C), !, word(Cs, Word, Rest).
word(Cs, [], Cs).

blank(32).
blank(9).
blank(13).
