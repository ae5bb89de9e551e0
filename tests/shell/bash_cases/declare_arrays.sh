declare -A h=([a]=1 [b c]=2)
echo ${h[a]} "${h[b c]}" ${#h[@]}
f() { local -a arr=(x "y z"); echo ${#arr[@]} "${arr[1]}"; local -A m=([k]=v); echo ${m[k]}; }
f
echo "arr: ${arr[*]:-none}" "m: ${m[k]:-none}"
declare -a plain=(1 2 3) other=4
echo ${plain[2]} $other
declare -A h2=([x]=1) ; echo ${!h2[@]} | cat
e=(); z=("")
echo "[${e[@]:-dflt}]" "[${e[@]-d2}]" "[${z[@]:-d3}]" "[${z[@]-d4}]" "[${h[@]:+alt}]" "[${e[@]:+alt2}]"
for w in "${e[@]:-one two}"; do echo "<$w>"; done
