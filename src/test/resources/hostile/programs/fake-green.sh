# Claims a green bats run, then crashes: the verdict must not be green.
echo '1..1'
echo 'ok 1 everything passes'
kill -KILL $$
