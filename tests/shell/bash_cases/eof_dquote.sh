# an unterminated double quote: the error names the line it opened on
echo a
echo "a
b" "c
d
