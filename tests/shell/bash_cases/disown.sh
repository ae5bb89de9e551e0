# disown (builtins/jobs.def): jobs leave the table, by spec, pid, -a, -r; -h only marks;
# errors for no such job and a bad option; wait neither waits for nor reports them
sleep 0.3 & p=$!
disown
wait $p; echo "wait=$?"
disown; echo "again=$?"
disown %1; echo "pct=$?"
sleep 0.2 & q=$!
sleep 5 &
disown -h %2; echo "h=$?"
jobs
disown -r
jobs; echo "after -r"
kill -9 %1 2>&1; echo "kill=$?"
kill -9 $q 2>/dev/null
wait; echo "waited=$?"
sleep 0.1 &
disown 999999; echo "pid=$?"
disown -x; echo "bad=$?"
disown -a
jobs; echo end
( exit 3 ) &
sleep 0.1
disown
sleep 0.1 & r=$!
kill -9 $r
sleep 0.2
jobs; echo "killed job listed above"
sleep 0.1 & disown $!; echo "bypid=$?"
jobs; echo done
