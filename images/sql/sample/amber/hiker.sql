-- answer: the hiker's answer, as a view with one row and one column, value.
CREATE VIEW answer AS SELEC 6 * 7 AS value;
