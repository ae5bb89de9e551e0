# An orphan (its parent exited) is reparented to init (kernel/exit.c
# forget_original_parent -> find_new_reaper), which reaps it when it exits: its
# pid is uncharged then (release_task -> cgroup_release -> pids_release), its
# /proc entry goes, its cgroup empties.
field() {    # field PID NAME: /proc/PID/status's NAME, its first word
  local k v
  while read -r k v; do [ "$k" = "$2:" ] && { echo "${v%% *}"; return; }; done < /proc/$1/status
}
procs() {
  local p
  for p in $(< orph/cgroup.procs); do
    [ $p = $$ ] && { echo "  the shell"; continue; }
    [ -e /proc/$p ] && echo "  $(field $p Name) $(field $p State) ppid=$(field $p PPid)"
  done
}
cd /sys/fs/cgroup
echo +memory +pids > cgroup.subtree_control
mkdir orph
echo $$ > orph/cgroup.procs
( sleep 1 & echo $! > /tmp/orphan.pid )
p=$(< /tmp/orphan.pid)
sleep 0.3
echo "orphan's ppid: $(field $p PPid)"
echo "pids.current with the orphan: $(< orph/pids.current)"
procs
sleep 2
echo "pids.current after it ended: $(< orph/pids.current)"
procs
[ -e /proc/$p ] && echo "orphan still in /proc" || echo "orphan gone from /proc"
# an orphan killed: init reaps it too
( sleep 100 & echo $! > /tmp/orphan.pid )
p=$(< /tmp/orphan.pid)
kill -9 $p
sleep 0.5
echo "pids.current after the kill: $(< orph/pids.current)"
[ -e /proc/$p ] && echo "killed orphan still in /proc" || echo "killed orphan gone from /proc"
# the shell leaves: the cgroup is empty once the orphan it left there is reaped
echo $$ > cgroup.procs
( echo $BASHPID > orph/cgroup.procs; sleep 1 & )
echo "pids.current with the orphan alone: $(< orph/pids.current)"
grep populated orph/cgroup.events
sleep 2
grep populated orph/cgroup.events
rmdir orph && echo "rmdir: ok"
