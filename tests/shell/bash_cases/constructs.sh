x=$(cat <<EOF
hello
EOF
); echo "$x"
echo $( [[ -n a ]] && echo yes )
echo $( (echo sub) )
echo $(case a in a) echo ca;; esac)
echo $(for i in 1 2; do echo $i; done | tr '\n' ,)
echo $(echo a # comment
)
function f { echo kw; }; f
f2() ( echo sub-body ); f2
echo $(( $(echo 2) + 3 ))
a=(x $(echo y && echo z)); echo ${#a[@]}
if [ "$(echo a)" = a ] && [[ $(echo b) == b ]]; then echo both; fi
echo ${x:-$(echo def && echo d2)}
while read -r l; do echo "[$l]"; done <<< "$(printf '1\n2')"
echo "$( echo "quoted $( echo inner )" )"
{ echo g1; echo g2; } | wc -l
echo $(echo a; echo b) | cat
[ -z "$(ls /nonexistent 2>/dev/null)" ] && echo empty
declare -A m=([k]="$(echo v && echo w)"); echo "${m[k]}"
