# more idioms: $(< file), cd -, namerefs, ${x:?}, declare -i +=, shift errors
f=/tmp/a6_file.$$; printf 'line one\nline two\n' > "$f"
content=$(< "$f"); echo "[$content]"
lines=$(wc -l < "$f"); echo "lines=$lines"
cd /tmp && cd / && cd - && pwd; cd /
add_item() { local -n _list=$1; _list+=("$2"); }
items=(); add_item items a; add_item items "b c"; echo "${#items[@]}: ${items[1]}"
declare -i total=10; total+=5; total=total*2; echo "total=$total"
declare -l low=MiXeD; declare -u up=MiXeD; echo "$low $up"
repeat=$(printf '%.0s-' {1..20}); echo "$repeat"
shift 5 2>&1; echo "shift st=$?"
set -- a b; shift 3; echo "shift3 st=$? $#"
return 2>/dev/null; echo "return st=$?"
for i in 1 2; do for j in 1 2; do (( j == 2 )) && break 2; echo "$i$j"; done; done
arr=(x y z); for i in "${!arr[@]}"; do printf '%d:%s ' "$i" "${arr[i]}"; done; echo
declare -A ages=([tom]=30 [ann]=25); echo "${#ages[@]}"; unset 'ages[tom]'; echo "${!ages[@]}"
v="a:b:c"; echo "${v//:/ }" "${v%%:*}" "${v#*:}"; old_ifs=$IFS; IFS=:; for p in $v; do echo -n "$p."; done; IFS=$old_ifs; echo
echo "${#v} $(( ${#v} * 2 ))"
x=; echo "${x:-empty} ${x-set} ${y-unset}"
check_var() { : "${1:?need an argument}"; echo "got $1"; }
check_var hello; (check_var) 2>&1; echo "st=$?"
printf '%-8s|%8s|\n' left right
printf '%s\n' "$(printf 'nested "quotes" and $dollar')"
echo "$(echo "$(echo deep)")"
str="The quick brown fox"; words=($str); echo "${#words[@]} ${words[@]:1:2}"
echo "${str// /_}" | tr 'a-z' 'A-Z'
if [[ $str == *quick* ]]; then echo contains; fi
num=007; echo $(( 10#$num + 1 ))
echo $(( $(echo 3) + $(echo 4) ))
rm -f "$f"
trap 'echo "exit trap $?"' EXIT
set -e
false && echo no
echo "survived &&"
( exit 3 ) || echo "sub failed $?"
cmd_fail() { return 4; }
cmd_fail || echo "fail $?"
echo end
exit 6
