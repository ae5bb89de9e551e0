# kill's status: success if any operand was signalled (kill.def any_succeeded)
sleep 2 & p=$!
kill abc $p; echo "mixed $?"
wait $p; echo "waited $?"
kill abc 99999; echo "none $?"
kill %7 $$ -0 2>/dev/null; echo "job $?"
kill -s; echo "needarg $?"
