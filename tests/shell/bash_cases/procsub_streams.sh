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
