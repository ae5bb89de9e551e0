# set -u: an unset variable read by an arithmetic expression is fatal
set -u
x=1; (( x++ )); echo $x; (( y = 3 )); echo $y
a=(1); echo $(( a[5] + 1 ))
declare d; echo "$(( d + 1 ))" never
echo not reached
