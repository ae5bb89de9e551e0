while read -r l; do echo "got $l"; done < <(printf 'a\nb\n')
cat <(echo one) <(echo two)
echo <(true) <(true)
for i in 1 2; do echo <(true); done
diff_like() { paste -d' ' "$1" "$2"; }
wc -l < <(seq 5)
grep -c x <(printf 'x\ny\nx\n')
n=0; while read -r _; do n=$((n+1)); done < <(seq 3); echo "n=$n"
cat /dev/stdin <<< "here"
mapfile -t arr < <(seq 2); echo "${arr[@]}"
