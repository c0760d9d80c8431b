-- A self-check: SQLite has no test framework. Each check prints PASSED or FAILED, and a failed
-- check then breaks a CHECK constraint, which stops sqlite3 -bail with exit status 1.
.read hiker.sql

CREATE TEMP TABLE checks (name TEXT, passed INTEGER CHECK (passed));

SELECT CASE WHEN value = 42 THEN 'PASSED: life, the universe, and everything'
            ELSE 'FAILED: life, the universe, and everything: answer is ' || value || ', expected 42'
       END
  FROM answer;
INSERT INTO checks SELECT 'life, the universe, and everything', value = 42 FROM answer;

SELECT 'All tests passed';
