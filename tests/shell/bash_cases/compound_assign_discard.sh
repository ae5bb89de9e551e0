# a compound assignment's syntax error drops its line, $? 1, and bash reads on
echo before
a=(1 ; 2) ; echo same line
echo after $? ${#a[@]}
b=(1
2 | 3)
echo next $?
declare -a c=(x && y)
echo declared $?
trap 'echo exit $?' EXIT
d=(1 >x 2)
