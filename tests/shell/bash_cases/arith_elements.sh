# array elements in arithmetic (expr.c readtok: NAME[SUBSCRIPT]); evalerror's
# messages: the expression from its first non-blank, the error token to the end
a=(1 2); echo $(( a[1] + 1 )); i=0; echo $(( a[i+1] * 2 )); (( a[0] += 5 )); echo ${a[0]}
declare -A h=([x]=3 [y z]=4); echo $(( h[x] * 2 )); k=x; echo $(( h[$k] + 1 ))
declare -A cnt; for w in a b a c a; do (( cnt[$w]++ )); done; echo "${cnt[a]} ${cnt[b]}"
b=(5 6 7); (( b[-1] *= 2 )); echo "${b[*]} $(( b[-2] )) $(( ${#b[@]} - 1 ))"; (( b[5] = b[0] + 1 )); echo "${!b[*]}"
n=(); (( n[2]++ )); echo "${n[*]} ${!n[*]}"; echo $(( nope[3] + 1 )); let "m[1] = 4" "m[2] = m[1] * 2"; echo "${m[*]}"
sizes=(); for ((j=1; j<=3; j++)); do sizes+=($(( h[x] * j ))); done; echo "${sizes[*]}"
echo $(( 10 / 0 ))
echo "after"
echo $(( 1 + ))
echo $((  2 *  ))
(( 5 / 0 ))
let "3 / 0"
x=$(( 08 ))
echo $(( 1 + 08 ))
echo $(( 2#12 + 1))
for (( i = 1/0 ; i < 2; i++ )); do :; done
echo "${a[ 1/0 ]}"
declare -i x; x=" 1/0 "
echo ${a: 1/0 }
(( 1 +  ))
echo $(( 1 2 ))
echo $(( 3 + + ))
echo $(( a[ ))
echo $(( 5 % 0 ))
let 1+ 2/0
echo end
