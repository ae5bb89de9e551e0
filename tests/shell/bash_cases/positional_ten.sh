# positional parameters past $9: ${10} and beyond, at top level, in a function's
# arguments and after a function's own `set --`
set -- a b c d e f g h i j k
echo "${10} ${11} $# $10"
g() { echo "g: ${10} ${12:-unset} $#"; }
g 1 2 3 4 5 6 7 8 9 10 11
h() { set -- x y z 4 5 6 7 8 9 ten; echo "h: ${10} ${#10} $#"; x=${10}; echo "x=$x"; }
h 1
echo "top: ${10}"
