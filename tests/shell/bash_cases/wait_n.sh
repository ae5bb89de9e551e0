sleep 0.3 & a=$!
(sleep 0.1; exit 3) & b=$!
(sleep 0.2; exit 5) & c=$!
wait -n; echo "first: $?"
wait -n; echo "second: $?"
wait -n $a; echo "third: $?"
wait -n; echo "none: $?"
for i in 1 2 3 4 5; do (sleep 0.$((6-i)); exit $i) & done
n=0; while wait -n; do n=$((n+1)); done; echo "n=$n rc=$?"
