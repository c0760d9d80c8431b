# Writes to a file whose name differs from a sent file's (given?) only by a byte that is not UTF-8,
# hoping the report shows the sent file changed to content of its choosing.
printf 'forged\n' > "$(printf 'given\377')"
echo written
