# env, nice, nohup and taskset exec their command in their own process (execvp, no
# fork); timeout and xargs fork it: the children of this shell, by name
f=/tmp/exec_wrappers.$$
nohup sleep 3 > /dev/null 2>&1 &
env A=1 sleep 3 &
nice -n 5 sleep 3 &
taskset -c 0 sleep 3 &
timeout 5 sleep 3 &
sleep 1
ps -o ppid=,comm= > $f
awk -v p=$$ '$1 == p { print $2 }' $f | sort | tr '\n' ' '; echo
kill $(jobs -p); wait
env false; echo $?
nice sh -c 'exit 3'; echo $?
env /nonexistent; echo $?
rm -f $f
