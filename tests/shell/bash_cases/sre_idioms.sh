set -u
printf '%-10s %5d %s\n' name 42 "x y"
printf '%s=%s\n' a 1 b 2
IFS=: read -r u x uid rest <<< "root:x:0:0:root:/root:/bin/bash"; echo "$u $uid [$rest]"
s="memory.stat:anon 1234"; echo "${s#*:}" "${s%%:*}" "${s/anon/file}" "${#s}" "${s:7:4}" "${s^^}"
n=0; for ((i=0; i<5; i++)); do (( n += i * 2 )); done; echo $n
x=7; echo $(( x > 5 ? x * 2 : 0 )) $(( 2**10 )) $(( 17 % 5 )) $(( -7 / 2 ))
f() { local -i c=0; local w; for w in "$@"; do c+=${#w}; done; echo "$c"; }; f ab cde
arr=($(printf '%s\n' c a b | sort)); echo "${arr[*]}" "${#arr[@]}"
while IFS=' ' read -r k v; do [[ $k == total_* ]] && continue; echo "$k -> $v"; done <<'EOF'
anon 100
total_anon 200
file 300
EOF
[[ "abc123" =~ ^([a-z]+)([0-9]+)$ ]] && echo "${BASH_REMATCH[1]} ${BASH_REMATCH[2]}"
case "v5.13.0" in v5.1[3-9]*|v6*) echo new;; *) echo old;; esac
echo "$((16#ff)) $((8#17)) $((2#101))"
declare -i z=3+4; echo $z
str="a,b,,c"; IFS=, read -ra parts <<< "$str"; echo "${#parts[@]} [${parts[2]}]"
echo {a..c}{1,2} {5..1..2}
v=${UNSET:-default}; : ${DEF:=assigned}; echo "$v $DEF"
printf '%05.1f|%x|%o|%e\n' 3.14159 255 8 12345.678
echo "$(seq -s+ 1 5)" = $(( $(seq -s+ 1 5) ))
t=$'tab\there'; echo "${#t}"
echo "${PWD##*/}" >/dev/null; echo ok
[[ "a.c" =~ "a.c" ]] && echo lit; [[ "abc" =~ "a.c" ]] || echo nolit; re="^a(.)c$"; [[ abc =~ $re ]] && echo "${BASH_REMATCH[@]}" ${#BASH_REMATCH[@]}; [[ x =~ y ]]; echo "${#BASH_REMATCH[@]}"; [[ ab =~ (x)?b ]] && echo "[${BASH_REMATCH[1]}]"
