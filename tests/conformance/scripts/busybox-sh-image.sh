#!/bin/bash
# busybox sh as the guests run it (docs/fidelity.md item 80): its exec'd image in a
# fresh cgroup (`sh -c`, a `#!/bin/busybox sh` script, the last command of -c run
# without a fork: ash's EV_EXIT), a fork of it (a subshell; a NOEXEC applet run in the
# fork without an execve), and busybox's spawn_and_wait (find -exec, xargs: a NOFORK
# applet in the caller's process, a NOEXEC one forked as the applet, another exec'd).
F=/tmp/bsi.fifo
cd /sys/fs/cgroup
echo +memory > cgroup.subtree_control
mkfifo $F
exec 3<>$F
printf '#!/bin/busybox sh\nread x < /tmp/bsi.fifo\n:\n' > /tmp/bsi-script
chmod +x /tmp/bsi-script
C="shc script sub noexec last"
for c in $C; do mkdir bsi-$c; done
( echo $BASHPID > bsi-shc/cgroup.procs; exec sh -c "read x < $F; :" ) &
( echo $BASHPID > bsi-script/cgroup.procs; exec /tmp/bsi-script ) &
( echo $BASHPID > bsi-sub/cgroup.procs; exec sh -c "( read x < $F; : ) & wait" ) &
( echo $BASHPID > bsi-noexec/cgroup.procs; exec sh -c "head -n 1 $F; :" ) &
( echo $BASHPID > bsi-last/cgroup.procs; exec sh -c "head -n 1 $F" ) &
sleep 3
for c in $C; do
  n=0; m=""
  for p in $(cat bsi-$c/cgroup.procs); do n=$((n + 1)); m="$m $(cat /proc/$p/comm)"; done
  echo "$c: procs $n:$m"
  grep -E '^(anon|pagetables|kernel_stack) ' bsi-$c/memory.stat
done
for c in $C; do for p in $(cat bsi-$c/cgroup.procs); do kill $p; done; done
wait 2>/dev/null
sleep 1
for c in $C; do rmdir bsi-$c; done
rm -f $F /tmp/bsi-script
cd /tmp
mkdir -p sw/a sw/b
find sw -mindepth 1 -exec readlink /proc/self \; > sw.out & f=$!
wait $f
echo "find -exec readlink (NOFORK): $(sort -u sw.out | wc -l) pid(s), find's: $(grep -c "^$f\$" sw.out)"
find sw -mindepth 1 -exec head -n 7 /proc/self/status \; > sw.out & f=$!
wait $f
echo "find -exec head (NOEXEC): $(grep -c 'Name:.head' sw.out) named head, children of find: $(grep -c "PPid:.$f\$" sw.out)"
find sw -mindepth 1 -exec cat /proc/self/stat \; > sw.out & f=$!
wait $f
echo "find -exec cat (exec'd): $(grep -c "(cat) . $f " sw.out) cat(s), children of find"
printf '/proc/self\n/proc/self\n' | xargs -n 1 readlink > sw.out
echo "xargs readlink (NOFORK): $(sort -u sw.out | wc -l) pid(s)"
ls -d sw/* | xargs -n 1 rmdir
ls sw | wc -l
rm -rf sw sw.out
