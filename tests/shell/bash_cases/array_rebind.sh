# elements replaced, arrays flushed and rebound, associative arrays reassigned
# (shell/arraymem.py: the element copies, array_flush, a new hash table)
for i in 1 2 3 4; do arr[$i]="value-$i"; done
arr[2]=replaced
arr[4]+=more
echo "arr: ${arr[*]} (${#arr[@]}) ${!arr[*]}"
arr=(x y)
echo "arr: ${arr[*]} (${#arr[@]})"
arr=()
echo "arr: (${#arr[@]})"
declare -a d=(one two three)
d[1]=TWO
echo "d: ${d[*]}"
declare -A m=([k1]=v1 [k2]=v2)
m[k3]=v3
m[k1]=V1
echo "m: ${#m[@]} ${m[k1]} ${m[k2]} ${m[k3]}"
m=([z]=last)
echo "m: ${#m[@]} ${!m[*]} ${m[z]}"
unset 'm[z]'
echo "m: ${#m[@]}"
s=scalar
s[3]=three
echo "s: ${s[*]} ${!s[*]}"
s=again
echo "s: ${s[*]}"
f() { local -a loc=(a b); loc[0]=A; echo "loc: ${loc[*]}"; }
f
( arr[9]=sub; echo "sub: ${arr[*]}" )
echo "after: ${arr[*]}"
for i in $(seq 1 50); do big[$i]=$i; big[$i]=x$i; done
echo "big: ${#big[@]} ${big[50]}"
