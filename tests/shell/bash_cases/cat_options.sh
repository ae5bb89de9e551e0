# cat -A -v -E -T -e -t -n -b -s
printf 'a\tb\x01\x7f\xc3\xa9\n\n\n\nlast' > f
cat -A f; echo; cat -v f; echo; cat -E f; echo; cat -T f; echo; cat -e f; echo; cat -t f; echo
cat -n f; echo; cat -b f; echo; cat -s f; echo; cat -sn f; echo; cat -bA f; echo
printf 'x\n' | cat -A - f | head -3
printf 'crlf\r\n' | cat -E | cat -v
