#!/bin/bash
# Written for memcgsim's conformance suite (session 38, docs/fidelity.md items 286 on):
# what a script reads of /proc beyond its names: init's descriptors, bash's script
# descriptor (255) and where its buffered reads left it, a pipe's fdinfo, a zombie as
# /proc shows it, and the status, stat and statm lines a monitor reads of the shell and
# of a sleeping child, a stopped one's queued signal; the pids and pipes' numbers written as N.
lsfd() { ls -l "$1" >/tmp/ls.out
  awk '$1 != "total" {print $1, $2, $5, $(NF-2), $(NF-1), $NF}' /tmp/ls.out |
  sed 's#pipe:\[[0-9]*\]#pipe:[N]#'; }
fdi() { grep -E '^(pos|flags|mnt_id)' "$1" | tr '\n\t' '  '; }
lsfd /proc/1/fd
for f in $(ls /proc/1/fdinfo); do echo "init $f: $(fdi /proc/1/fdinfo/$f)"; done
tr '\0' ' ' </proc/1/cmdline; echo; cat /proc/1/comm
echo "255: $(fdi /proc/$$/fdinfo/255)"
grep pos /proc/$$/fdinfo/255
for i in 1 2; do
  grep pos /proc/$$/fdinfo/255
done
( grep pos /proc/$$/fdinfo/255 )
cat <<EOF
$(grep pos /proc/$$/fdinfo/255)
EOF
(sleep 0.3; grep pos /proc/$$/fdinfo/255) &
wait
sleep 3 | sleep 3 & sleep 0.3
p=$!; q=$(jobs -p)
lsfd /proc/$p/fd
for f in 0 1 2; do echo "last $f: $(fdi /proc/$p/fdinfo/$f)"; done
echo "first 1: $(fdi /proc/$q/fdinfo/1)"
a=$(readlink /proc/$p/fd/0); b=$(readlink /proc/$q/fd/1)
[ "$a" = "$b" ] && echo "one pipe"
i=$(sed -n 's/^ino:\t//p' /proc/$p/fdinfo/0)
[ -z "$i" ] || [ "$a" = "pipe:[$i]" ] && echo "ino is the link's"
stat -L -c '%F|%a|%h|%s' /proc/$p/fd/0
wait
( sleep 0.1 & echo $! >/tmp/z; exec sleep 5 ) & sleep 0.6
z=$(cat /tmp/z); j=$!
ls /proc | grep -qx "$z" && echo "zombie listed"
grep -E '^(Name|State|Threads|FDSize|SigQ|VmRSS)' /proc/$z/status
[ "$(sed -n 's/^PPid:\t//p' /proc/$z/status)" = "$j" ] && echo "its parent is the job"
echo "fds: $(ls /proc/$z/fd | wc -l) cmdline: $(wc -c </proc/$z/cmdline)"
echo "statm: $(cat /proc/$z/statm)"
awk '{print "stat:", $3, $20, $23, $24, $52}' /proc/$z/stat
readlink /proc/$z/exe; echo "exe rc=$?"; readlink /proc/$z/cwd; echo "cwd rc=$?"
kill $j; wait
# (SIGPIPE: bash reports no job it ends)
sleep 3 & s=$!; kill -STOP $s; sleep 0.2; kill -PIPE $s; sleep 0.2
grep -E '^(State|SigQ|SigPnd|ShdPnd)' /proc/$s/status; grep SigQ /proc/$$/status
{ kill -CONT $s; wait; } 2>/dev/null
st() { grep -E '^(VmPeak|VmSize|VmHWM|VmRSS|RssAnon|RssFile|RssShmem|VmData|VmStk|VmExe|VmLib|VmPTE|Threads|SigQ|FDSize):' "$1" | tr '\n\t' '  '; echo; }
sleep 1 & s=$!; sleep 0.3
echo "sleep: $(st /proc/$s/status)"
echo "sleep statm: $(cat /proc/$s/statm)"
awk '{print "sleep stat:", $20, $23, $24}' /proc/$s/stat
echo "shell: $(st /proc/$$/status)"
echo "shell statm: $(cat /proc/$$/statm)"
awk '{print "shell stat:", $20, $23, $24}' /proc/$$/stat
wait
