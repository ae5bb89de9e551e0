# util-linux 2.38 renice/ionice, coreutils nice (shell/commands/priority.py, wrappers.py)
sleep 5 & p=$!
renice -n 5 -p $p | sed "s/^$p /P /"; renice 3 $p | sed "s/^$p /P /"; renice +1 -p $p | sed "s/^$p /P /"
renice 5 999999; echo rc=$?; renice; echo rc=$?; renice x 1; echo rc=$?; renice -n 50 $p | sed "s/^$p /P /"
ionice -p $p; ionice -c 3 -p $p; ionice -p $p; ionice -c2 -n7 -p $p; ionice -p $p; ionice -n 4 -p $p; ionice -p $p
ionice -c 3 true; echo rc=$?; ionice -p 999999; echo rc=$?; ionice; echo rc=$?; ionice -c idle sh -c 'ionice'
nice; nice -n 3 nice; nice -n 30 nice; nice nice; nice -5 nice; nice -n 3 nice -n 4 nice
kill $p; wait $p
