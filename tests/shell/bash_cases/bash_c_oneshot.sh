# bash -c STRING execs its last simple command without a fork (shell.c
# run_one_command, evalstring.c parse_and_execute: should_suppress_fork,
# can_optimize_connection): the program sees SHLVL one lower, and its parent is
# the caller of bash -c (which children this shell has, by name). (sh is dash
# on the host, bash in the model: not compared here.)
for c in 'printenv SHLVL' 'echo $SHLVL; printenv SHLVL' 'printenv SHLVL | cat' \
    'printenv SHLVL > /dev/stdout' 'true && printenv SHLVL' 'printenv SHLVL
' 'printenv SHLVL; true' 'false || printenv SHLVL' 'trap "echo x" EXIT; printenv SHLVL' \
    'trap "" INT; printenv SHLVL' '! printenv SHLVL' 'true; printenv SHLVL & wait' \
    'f() { printenv SHLVL; }; f' 'x=1 printenv SHLVL' 'exec printenv SHLVL' \
    'true; { printenv SHLVL; }' 'true; (printenv SHLVL)' 'if true; then printenv SHLVL; fi'; do
  echo "[$c]: $(bash -c "$c" | tr '\n' ' ')"
done
printenv SHLVL & wait
x=$(printenv SHLVL & wait); echo $x
f=/tmp/bash_c_oneshot.$$
kids() { awk -v p=$$ '$1 == p { print $2 }' "$f" | sort | tr '\n' ' '; echo; }
bash -c 'ps -o ppid=,comm=' > $f; kids
bash -c 'true; ps -o ppid=,comm=' > $f; kids
bash -c 'ps -o ppid=,comm=; true' > $f; kids
bash -c 'ps -o ppid=,comm= 2>/dev/null' > $f; kids
bash -c 'true && ps -o ppid=,comm=' > $f; kids
bash -c 'true; (ps -o ppid=,comm=)' > $f; kids
bash -c 'echo $$ > '$f'.pid; exec 2>&1; ps -o comm= -p $(cat '$f'.pid)'
# a job of the bash -c writes through the file its caller opened for it, after
# the bash -c is gone (the write is the job's own)
bash -c 'printenv SHLVL &' > $f; sleep 1; cat $f
bash -c 'true; { sleep 0.2; echo job; } &' > $f; sleep 1; cat $f
rm -f $f $f.pid
