# bash forks every stage of a pipeline in order (execute_pipeline), then each runs
# once it has a CPU: a stage sees the stages forked after it (their execve done
# before its program gets to work)
kids() { awk -v p=$$ '$1 == p {print $2}' | sort | tr '\n' ' '; echo; }
ps -e -o ppid=,comm= | kids
ps -e -o ppid=,comm= | cat | kids
ps -e -o ppid=,comm= | cat | cat | kids
x=$(ps -e -o ppid=,comm= | awk -v p=$$ '$1 == p' | wc -l); echo "in a command substitution: $x"
ps -e -o ppid=,comm= | kids &
wait
ps -e -o ppid=,comm= | cat | kids &
wait
cat /proc/self/comm | cat
{ [ $BASHPID != $$ ] && echo "a stage is a child"; } | cat
