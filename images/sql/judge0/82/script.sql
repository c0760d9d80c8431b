-- Judge0 runs SQL as a script against a database (db.sqlite, empty unless the submission's
-- additional files hold one); the script is sqlite3's standard input, so it cannot read the
-- test's: it answers a fixed query.
WITH numbers(n) AS (VALUES (20), (22))
SELECT SUM(n) FROM numbers;
