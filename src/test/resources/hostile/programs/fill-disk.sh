# Fills /tmp, then /sandbox, until their size limits refuse more.
head -c 100M /dev/zero > /tmp/fill 2>/dev/null
echo "/tmp: status $?"
head -c 100M /dev/zero > fill 2>/dev/null
echo "/sandbox: status $?"
