# procps ps: selections (--ppid, -C, -p, -e), -o fields, BSD formats' headers,
# --no-headers; pgrep/pkill -P -x -f. Only this script's own processes are looked
# at (the host runs others).
sleep 10 & p=$!
sleep 11 & q=$!
ps --ppid $$ -o pid=,comm= > kids
grep -c sleep kids
ps -C sleep -o pid= > named; grep -c -x " *$p" named
ps -p $p,$q -o pid=,stat=,comm= --no-headers | awk -v p=$p '{print ($1 == p), $2, $3}'
ps -p "$p $q" --no-headers -o args
ps -o pid,ppid,pgid,sid,stat,comm,args,rss,vsz,psr,cgroup,tty,time,etime,ni,pri,nlwp -p $p | head -1
ps -o comm,args,pid -p $p | sed 's/ *[0-9][0-9]*$/ N/'
ps -o ni=,pri=,nlwp=,time=,tty=,user=,uid= -p $p
ps -o etime= -p $p
[ "$(ps -o psr= -p $p)" -lt "$(nproc)" ] && echo psr-is-a-cpu
[ "$(ps -o rss= -p $p)" -gt 0 ] && [ "$(ps -o vsz= -p $p)" -gt 0 ] && echo sizes
ps -o ppid= -p $p | awk -v me=$$ '{print ($1 == me)}'
ps aux | head -1; ps ax | head -1; ps -ef | head -1; ps -e | head -1; ps u -p $p | head -1
ps -eo pid= | grep -c -x " *$q"
ps -p 999999; echo "rc=$?"
ps --ppid 999999 --no-headers; echo "rc=$?"
ps -C nosuchprogram -o pid=; echo "rc=$?"
pgrep -P $$ -x sleep | wc -l
pgrep -P $$ -f "sleep 1[01]" | wc -l
pgrep -P $$ -x slee; echo "rc=$?"
pkill -P $$ -x sleep; echo "rc=$?"
wait
