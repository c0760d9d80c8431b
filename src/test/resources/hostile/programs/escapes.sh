# Invalid UTF-8 and terminal escape codes on both streams, and a file named with escape codes.
printf 'ok \377\376 \033[31mred\033[0m \033]0;pwned\007\033[2J\r\n'
printf '\033[1A\033[2Kerase the line above\n' >&2
printf 'bad \377 byte\n' > "$(printf 'esc\033[31mname')"
