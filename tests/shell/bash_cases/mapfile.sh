printf 'one\ntwo words\n\nfour' > /tmp/mf.txt
mapfile -t a < /tmp/mf.txt; echo "${#a[@]} [${a[1]}] [${a[2]}] [${a[3]}]"
readarray b < /tmp/mf.txt; printf '<%s>' "${b[@]}"; echo
mapfile -t -n 2 -s 1 c < /tmp/mf.txt; echo "${#c[@]} ${c[*]}"
printf 'x:y:z' | { mapfile -d : -t d; echo "${d[@]} ${#d[@]}"; }
exec 5</tmp/mf.txt; mapfile -u 5 -t; echo "${MAPFILE[0]} ${#MAPFILE[@]}"
seq 3 | mapfile -t e; echo "e: ${#e[@]}"
