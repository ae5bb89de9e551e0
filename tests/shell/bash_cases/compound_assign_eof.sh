# an unterminated compound assignment: reported at its opening line, status 1
echo ok
f() { :; }
a=(1 2
echo not a command
