declare -A a
a[x]=1; a[y]=2; a[z]=3; a[memory]=4; a["two words"]=5; a[10]=6
echo "${!a[@]}"
echo "${a[@]}" ${#a[@]} ${a[memory]} "${a[two words]}" $a
k=y; echo ${a[$k]} ${a[nope]:-unset}
a[x]+=0
unset 'a[z]'
for key in "${!a[@]}"; do echo "$key=${a[$key]}"; done
b=([3]=c [1]=a b)
echo "${!b[@]}" "${b[@]}"
declare -A c
c=([k1]=v1 [k2]="v 2" [abc]=v3)
echo "${!c[@]}" "${#c[@]}" "${c[k2]}"
c+=([new]=n)
echo "${!c[@]}"
f() { local -A m; m[q]=1; echo "in f: ${!m[@]}"; }
f
echo "m: ${m[q]:-none}"
declare -A d
for i in $(seq 1 3000); do d[k$i]=$i; done
unset "d[k5]"
k=(${!d[@]}); echo ${#k[@]} ${k[0]} ${k[1]} ${k[2999]:-} ${k[2998]}
