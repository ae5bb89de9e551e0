# >(...) takes what is written to its /dev/fd/N; wait PID answers a process substitution
exec 5> >(sed 's/^/log: /' > out.log)
echo one >&5
echo two >&5
exec 5>&-
sleep 0.1
cat out.log
{ echo x; echo y; } > >(wc -l)
wait $!; echo "wc: $?"
echo q > >(cat; exit 7); wait $!; echo "cat: $?"
cat <(echo a; sleep 0.2; echo b) > /dev/null
wait $!; echo "status $?"
exec 3< <(exit 4); p1=$!
exec 4< <(exit 5); p2=$!
wait $p1; echo "first $?"
wait $p2; echo "second $?"
wait $p2; echo "again $?"
: <(sleep 0.2; exit 6)
wait; echo "all $?"
wait $! 2>/dev/null; echo "after all $?"
f() { cat; }
echo via-func > >(f); wait $!
exec > >(tr a-z A-Z)
echo shouted
