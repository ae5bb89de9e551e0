# a trapped signal that arrives during a (sub)shell's last command still runs its
# trap before the shell exits (status kept unless the trap exits); lines in a
# signal's or EXIT's trap count from 1 ($LINENO, job reports), ERR's from the
# command's line
( trap 'echo "trap1 line $LINENO"; kill $child; exit 3' TERM
  sleep 3600 & child=$!
  wait $child ) &
w=$!
sleep 0.5
kill -TERM $w
wait $w; echo "1 wait last: $?"
( trap 'echo trap2' TERM
  sleep 1 ) &
w=$!
sleep 0.5
kill -TERM $w
wait $w; echo "2 fg sleep last: $?"
( trap 'echo "exit trap $?"
  echo "line $LINENO"' EXIT
  trap 'echo "err trap line $LINENO"' ERR
  false ) 2>&1
# a job killed before the next line is read is reported as of that line
sleep 100 & kill -9 $!; for ((i = 0; i < 200000; i++)); do :; done
: read
echo done
