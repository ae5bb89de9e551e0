# GNU time 1.9 as a program (shell/commands/timecmd.py): the elapsed time (to the second: the
# host's has overhead) and statuses
r() { sed -E 's/([0-9]+)\.[0-9]+/\1/g'; }
{ command time -p sleep 1; echo rc=$?; } 2>&1 | r; { /usr/bin/time -f '%E %x %C' sh -c 'exit 3'; echo rc=$?; } 2>&1 | r
{ /usr/bin/time -f '%e' sh -c 'kill -9 $$'; echo rc=$?; } 2>&1 | r; /usr/bin/time -f 'x' nosuch; echo rc=$?
/usr/bin/time; echo rc=$?; /usr/bin/time -q -f '%x%%\t%Z' sh -c 'exit 2'; echo rc=$?
command time -o out -f 'took %e' sleep 2; r < out; command time -a -o out -f again true; r < out
