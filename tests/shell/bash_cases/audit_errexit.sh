# set -e / -u behaviours, subshells, functions returning, arithmetic errors
set -e
f() { echo "f start"; false; echo "f after false (not printed under set -e unless in condition)"; }
if f; then echo "f ok"; fi
f || echo "f failed"
g() { return 3; }
g || echo "g=$?"
out=$(echo a; exit 5) || echo "cmdsub exit $?"
( set +e; false; echo "in subshell after false" )
v=$( false; echo "not reached?" ) || true; echo "v=[$v]"
count=0
inc() { count=$((count + 1)); }
for i in {1..5}; do inc; done; echo "count=$count"
(( count == 5 )) && echo "five"
(( 0 )) || echo "zero is false"
set +e
set -u
( echo "${nounset_var}" ) 2>&1; echo "after nounset: $?"
echo "${nounset_var-ok}"
set +u
arr=(one two three)
unset 'arr[1]'; echo "${#arr[@]} ${!arr[*]} ${arr[*]}"
for idx in "${!arr[@]}"; do echo "$idx=${arr[$idx]}"; done
declare -A m=([b]=2 [a]=1 [c]=3)
for k in $(printf '%s\n' "${!m[@]}" | sort); do echo "$k->${m[$k]}"; done
echo $(( 10 / 0 )) 2>&1; echo "after div: $?"
echo "next"
z=$(( 1 + )); echo "after bad arith"
echo "still here"
