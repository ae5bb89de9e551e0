# [[ ]]'s grammar (parse.y cond_term): operands, newlines and comments inside,
# -R (a nameref with a value), [[ x ]] as -n x, set -x's words, declare -f
[[ -n = ]]; echo $?
[[ ! -f /nonexist && ( a || "" ) ]]; echo $?
[[ a &&
 b ]]; echo $?
[[ ( a )
 ]]; echo $?
[[ a < b ]]; echo $?
[[ b > a && ! a > b ]]; echo $?
[[ ( ( a ) ) ]]; echo $?
[[ a && # comment
 b ]]; echo $?
[[ ! ! a ]]; echo $?
[[ -z "" || -n "" ]]; echo $?
declare -n r=x; [[ -R r ]]; echo $?
[[ -v HOME ]]; echo $?
[[ 1 -lt 2 && 3 -ge 3 ]]; echo $?
[[ a == a* && b != c ]]; echo $?
x=5; [[ x -eq 5 ]]; echo $?
[[ ! ( a = b ) ]]; echo $?
[[ a =~ ^a$ || b ]]; echo $?
[[ "(" = "(" ]]; echo $?
[[ a = ( ]]; echo $?
[[ -f ]]; echo $?
[[ ! ]]; echo $?
f() { [[ $1 == y ]] && echo y || echo n; }; f y; f x; declare -f f
set -x; [[ a = b || -n x ]]; set +x
[[ a=b ]]; echo $?
[[ -a /bin ]]; echo $?
[[ a -a b ]]; echo $?
declare -n q; [[ -R q ]]; echo $?
y=1; [[ -R y ]]; echo $?
declare -n r=x; test -R r; echo $?
