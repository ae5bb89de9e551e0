#!/bin/bash
# memcgsim calibration (session 26, branch progs26): where bash-static's anonymous
# pages are by how it was started, and what a fork and exec of a command faults,
# step by step.
# (1) Each process sits in `read x < FIFO` in a fresh cgroup: an exec'd
#     `bash -c`, the same with an empty environment (`env -i`), a one-line script
#     file, a 9 kB script file, a 9 kB `bash -c` string, a `bash -c` that forked a
#     subshell (the subshell reading, its parent in `wait`). Printed per process:
#     memory.stat anon of its cgroup (after the 2 s rstat flush), min_flt, RssAnon,
#     and /proc/PID/smaps area by area: the area's pages and its Anonymous (a
#     page-table walk: what its memcg is charged for).
# (2) From a bash running a script file alone in a fresh cgroup, 40 times each: a fork and exec of
#     /bin/true, of /bin/sleep 0, a subshell `( : )`: the bash's own min_flt
#     (parent), its cmin_flt (children, fork to exit) and the cgroup's pgfault, per
#     command; then busybox find's vfork and exec of /bin/true (the program alone);
#     /bin/true with a redirection (the child bash applies it before its execve),
#     /bin/cat of an empty file, of memory.current to /dev/null, and find's vfork
#     and exec of the same two cats (the programs alone).
# Guest only (it writes under /sys/fs/cgroup):
#   memcgsim oracle calibration/bash-image-areas.sh --kernel K --cgroup v2
F=/tmp/bia.fifo
cd /sys/fs/cgroup
echo +memory > cgroup.subtree_control
mkfifo $F
exec 3<>$F
printf 'read x < %s\n:\n' $F > /tmp/bia-short.sh
{ printf 'read x < %s\n' $F; for i in $(seq 200); do echo ": padding line $i of a nine kB script ......."; done; } > /tmp/bia-long.sh
LONG=$(cat /tmp/bia-long.sh)
echo "script sizes: $(wc -c < /tmp/bia-short.sh) $(wc -c < /tmp/bia-long.sh)"
for c in c env short long cstr fork; do mkdir bia-$c; done
( echo $BASHPID > bia-c/cgroup.procs; exec bash -c "read x < $F; :" ) &
( echo $BASHPID > bia-env/cgroup.procs; exec env -i /bin/bash -c "read x < $F; :" ) &
( echo $BASHPID > bia-short/cgroup.procs; exec bash /tmp/bia-short.sh ) &
( echo $BASHPID > bia-long/cgroup.procs; exec bash /tmp/bia-long.sh ) &
( echo $BASHPID > bia-cstr/cgroup.procs; exec bash -c "$LONG" ) &
( echo $BASHPID > bia-fork/cgroup.procs; exec bash -c "( read x < $F; : ) & wait" ) &
sleep 4
show() {
  local l
  read -r l < /proc/$2/stat; set -- $1 $2 $l
  echo "== $1 pid $2 minflt ${12} $(awk '/^RssAnon:/ {print "RssAnon", $2}' /proc/$2/status) smaps_anon $(awk '/^Anonymous:/ {print $2}' /proc/$2/smaps_rollup)"
  awk '/^[0-9a-f]+-[0-9a-f]+ / {split($1, r, "-"); a=$1; n=$6; p=$2} /^Size:/ {s=$2} /^Anonymous:/ {if ($2 > 0 || n == "[heap]") printf "  %s %s %s size %d anon %d pages\n", a, p, n, s / 4, $2 / 4}' /proc/$2/smaps
}
for c in c env short long cstr fork; do
  echo "$c: anon $(grep -E '^anon ' bia-$c/memory.stat | cut -d' ' -f2)"
  for p in $(cat bia-$c/cgroup.procs); do show $c $p; done
done
for c in c env short long cstr fork; do for p in $(cat bia-$c/cgroup.procs); do kill $p; done; done
for i in 1 2 3 4 5 6 7 8; do echo x >&3; done
wait 2>/dev/null
sleep 1
for c in c env short long cstr fork; do rmdir bia-$c; done
# (2) the faults of a fork and exec, per step
mkdir bia-f
cat > /tmp/bia-steps.sh <<'EOF'
declare -A S
rd() { local k v; while read -r k v; do S[$k]=$v; done < /sys/fs/cgroup/bia-f/memory.stat; }
pf() { rd; read -r -a T < /proc/$$/stat; P0=${S[pgfault]} M0=${T[9]} C0=${T[10]}; }
pr() {
  rd; read -r -a T < /proc/$$/stat
  echo "$1: over 40 commands pgfault $(( ${S[pgfault]} - P0 )) bash-minflt $(( ${T[9]} - M0 )) children-minflt $(( ${T[10]} - C0 ))"
}
for r in 1 2; do
pf; for i in {1..40}; do /bin/true; done; pr "run $r fork-exec-true"
pf; for i in {1..40}; do /bin/sleep 0; done; pr "run $r fork-exec-sleep0"
pf; for i in {1..40}; do ( : ); done; pr "run $r subshell"
pf; find /tmp/bia-vf -type f -exec /bin/true {} ";"; pr "run $r find-vfork-true"
pf; for i in {1..40}; do /bin/true > /dev/null; done; pr "run $r fork-exec-true-redirect"
pf; for i in {1..40}; do /bin/cat /tmp/bia-vf/1; done; pr "run $r fork-exec-cat-empty"
pf; for i in {1..40}; do /bin/cat /sys/fs/cgroup/bia-f/memory.current > /dev/null; done; pr "run $r fork-exec-cat-current-redirect"
pf; find /tmp/bia-vf -type f -exec cat {} ";"; pr "run $r find-vfork-cat-empty"
pf; find /tmp/bia-vf -type f -exec cat /sys/fs/cgroup/bia-f/memory.current ";" > /dev/null; pr "run $r find-vfork-cat-current"
done
EOF
mkdir /tmp/bia-vf
for i in $(seq 40); do : > /tmp/bia-vf/$i; done
( echo $BASHPID > bia-f/cgroup.procs; exec bash /tmp/bia-steps.sh )
rmdir bia-f
rm -rf /tmp/bia-vf /tmp/bia-steps.sh /tmp/bia-short.sh /tmp/bia-long.sh $F
