# bash 5.2's arithmetic expansions remove double quotes (expand_arith_string with
# Q_DOUBLE_QUOTES|Q_ARITH); single quotes stay; $[ ] is $(( ))'s older form
a=2
echo $(( "3" + 4 )) $(( "$a" * 3 )) $(( "1 + 2" * 3 )) "$(( "1" + 1 ))"
b=(1 2)
echo $(( "${b[1]}" + 1 )) $(( "$(echo 4)" + 1 )) $(( "" + 1 )) $(( "2" "+" 1 ))
x=3; echo $(( x["0"] )) ${b["1"]} ${b["$a" - 1]}
y=abcd; echo ${y:"1":"2"}
(( "a" += 1 )); echo $a
for (( i="0"; i<2; i++ )); do echo -n $i; done; echo
echo $[ 2 + 3 ] $[1<<2] "$[ 2 * 3 ]" $[ "2" + 1 ] $[ $[1+1] * 2 ]
c[$[1]]=x; echo ${c[1]}
c[ $[2] ]=y; echo ${c[2]}
case $[1+1] in 2) echo two;; esac
b=(1); d[b[0]]=z; echo ${d[1]}
e=([b[0]]=w); echo ${e[1]}
echo $(( '3' + 4 ))
echo $(( \3 + 1 ))
echo $(( 1 \3 ))
echo $(( a++ \3 ))
echo $(( (1) \3 ))
x=$[ 1 + ]; echo not reached
