sleep 10 & p=$!
ps -o pid=,ppid= -p $p | awk -v p=$p -v me=$$ '{print ($1 == p), ($2 == me)}'
ps -o comm= -p $p
ps -o comm=NAME -o pid -p $p | sed -n 1p
ps -o pid,ppid,comm,stat -p $p | head -1
ps -p $p | head -1
ps -o pid= -p 999999; echo rc=$?
ps -o bogus; echo rc=$?
ps -e -o pid=,comm= | awk -v p=$p '$1 == p {print $2}'
kill $p
