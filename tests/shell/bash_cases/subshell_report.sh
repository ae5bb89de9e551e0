# bash reports a foreground ( ) killed by a signal on its own stderr, the
# subshell's redirections shown (print_cmd.c) but not applied to the report
( sh -c 'kill -9 $$' ) 2>/dev/null; echo "rc=$?"
( exec sh -c 'kill -9 $$' ) 2>/dev/null >/dev/null; echo "rc=$?"
( sh -c 'kill -9 $$' ) 2>&1 </dev/null; echo "rc=$?"
{ sh -c 'kill -9 $$'; } 2>/dev/null; echo "rc=$?"
