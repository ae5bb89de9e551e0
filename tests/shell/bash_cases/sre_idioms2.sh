count() { local n=0 d; for d in "$@"; do [ -d "$d" ] && n=$((n+1)); done; echo $n; }
mkdir -p /tmp/cg/a /tmp/cg/b; count /tmp/cg/* /tmp/none
for f in /tmp/cg/*; do echo "${f##*/}"; done | sort -r
{ read -r first; read -r second; } <<< $'l1\nl2'; echo "$first|$second"
echo "a b  c" | awk '{print NF, $2}'
echo "x=1;y=2" | tr ';' '\n' | while IFS== read -r k v; do echo "$k:$v"; done
set -- "one two" three; echo $#; for a; do echo "<$a>"; done
echo "${@: -1}" "$*"
IFS=,; arr=(a b c); echo "${arr[*]}"; unset IFS
printf '%s\n' "line1" "line2" > /tmp/cg/f; mapfile -t L < /tmp/cg/f; echo "${L[1]}"
grep -c line /tmp/cg/f; sed -n '2p' /tmp/cg/f; cut -c1-3 /tmp/cg/f | head -1
exec 3< /tmp/cg/f; read -r -u 3 q; exec 3<&-; echo "$q"
trap 'echo cleanup' EXIT
echo "$(( $(wc -l < /tmp/cg/f) * 10 ))"
[ "$(echo abc | tr a-z A-Z)" == ABC ] && echo upper
x=${x:=5}; echo $x; y=${y-unset}; echo $y
echo $(( RANDOM >= 0 ))
printf -v pv '%03d' 7; echo "$pv"
echo "${!x@}" 2>/dev/null | head -0; echo done
rm -rf /tmp/cg
xa=1; xb=2; y=3
echo ${!x@}; for n in "${!x@}"; do echo "$n"; done; echo "${!x*}"; echo ${!zz@}end
