sleep 100 & a=$!
sleep 200 & b=$!
sleep 0.1
ours() { grep -cE "^($a|$b)( |\$)"; }
pgrep -x sleep | ours
pgrep -f 'sleep 200' | grep -c "^$b$"
pgrep -l -x sleep | grep -E "^($a|$b) " | awk '{print $2}' | sort -u
pgrep -a -f 'sleep [12]00' | ours
pidof sleep | tr ' ' '\n' | ours
pgrep -x no-such-proc; echo rc=$?
pkill -P $$ -f 'sleep 100'; echo rc=$?
wait $a; echo "a: $?"
pkill -KILL -P $$ -f 'sleep 200'; r=$?; sleep 0.2; echo rc=$r
wait $b; echo "b: $?"
wait $b; echo "again: $?"
b=5; echo "^$b$" "a$" "x$'y"
