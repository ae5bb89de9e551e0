# <(...) streams: its list and the reader go on side by side
head -1 <(yes); p=$!; sleep 0.1; kill -0 "$p" 2>/dev/null && echo alive || echo gone
while read -r l; do echo "$l"; break; done < <(seq 1e9); p=$!; sleep 0.1
kill -0 "$p" 2>/dev/null && echo alive || echo gone
exec 3< <(yes); p=$!; head -2 <&3; kill -0 "$p" && echo alive; exec 3<&-; sleep 0.1
kill -0 "$p" 2>/dev/null && echo alive || echo gone
echo hi | cat <(cat)
paste <(seq 3) <(yes | head -3)
head -c 5 <(yes abc); echo
grep -m1 5 <(seq 1e9)
wc -c < <(head -c 300000 /dev/zero)
cat <(sleep 0.2; echo slow) <(echo fast)
read -r a < <(echo first; sleep 2 2>/dev/null); echo "$a"
# read through /dev/fd/N by builtins and programs
source <(echo 'x=1'); echo "x=$x"
. <(printf 'y=%s\n' 2); echo "y=$y"
echo a > f.txt; grep -c -f <(echo a) f.txt
while IFS= read -r line; do echo "[$line]"; done < <(printf 'p q\nr\n')
cat <(cat <(echo nested))
echo "$(cat <(echo insub))"
f() { cat "$1"; }; f <(echo viafunc)
# a builtin writing to a pipe whose reader has gone dies of SIGPIPE
while :; do echo y; done | head -1; echo "${PIPESTATUS[@]}"
{ sleep 0.1; echo y; } | true; echo "${PIPESTATUS[@]}"
source <(echo 'z=3'; sleep 0.1; echo 'z=4'); echo "z=$z"
