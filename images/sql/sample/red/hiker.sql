-- answer: the hiker's answer, as a view with one row and one column, value.
CREATE VIEW answer AS SELECT 6 * 9 AS value;
