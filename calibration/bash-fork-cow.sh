#!/bin/bash
# memcgsim calibration (session 27, branch progs27): which pages a fork of
# bash-static copies, and on which side, and what a `bash -c` loop of forks faults.
# (1) The method of busybox-sh-fork.sh on the guests' bash: an exec'd `bash -c
#     "read y < G; CMD"` alone in a fresh cgroup blocks in its first read; the
#     present pages of its writable areas and of .data.rel.ro (/proc/PID/pagemap:
#     PFN, bit 63 present) are read then, and again in the parent and the child
#     once both block after the fork. A page whose PFN changed in the parent was
#     copied by the parent (`wp_page_copy`: a new page, charged where the writer
#     is), one changed in the child by the child; a page present only after the
#     fork is new. Printed per area: the pages' indexes each side copied or made;
#     the cgroup's memory.stat anon and pgfault before the go and after, the
#     parent's and the child's min_flt (/proc/PID/stat field 10).
#     CMDs: sub `( read x < F; : ) & wait` (a background subshell, the parent in
#     wait: bash-image-areas' "fork"), fg `( read x < F; : ); :` (a foreground
#     subshell, the parent in waitpid), exec `sleep 100; :` (the child execs: the
#     parent's copies only), and sub again from a script file (`bash FILE`).
# (2) In a fresh cgroup, a `bash -c` and a script file's bash each run
#     `for i in {1..40}; do /bin/true; done` between two reads of their own
#     /proc/$$/stat (fields 10-13: minflt, cminflt, majflt, cmajflt) and of the
#     cgroup's pgfault: per fork, the bash's own faults, its children's, the cgroup's.
# Guest only (it writes under /sys/fs/cgroup):
#   memcgsim oracle calibration/bash-fork-cow.sh --kernel K --cgroup v2
F=/tmp/bfc.fifo
G=/tmp/bfc.go
cd /sys/fs/cgroup
echo +memory > cgroup.subtree_control
mkfifo $F $G
exec 3<>$F 4<>$G
pfns() {   # pfns PID: "area page pfn" for each present page
  local p=$1 a s e n perm off dev ino name i v
  while read -r a perm off dev ino name; do
    case "$perm" in rw-p) ;; r--p) [ "$off" != 00000000 ] && [ -n "$name" ] || continue ;; *) continue ;; esac
    s=$((0x${a%-*})); e=$((0x${a#*-})); n=$(( (e - s) / 4096 ))
    [ -n "$name" ] || name=anon
    i=0
    for v in $(dd if=/proc/$p/pagemap bs=8 skip=$((s / 4096)) count=$n 2>/dev/null | od -An -v -tx8); do
      if (( (0x$v >> 63) & 1 )); then echo "${name##*/}@$(printf %x $s) $i $(( 0x$v & 0x7fffffffffffff ))"; fi
      i=$((i + 1))
    done
  done < /proc/$p/maps
}
kids() { for t in /proc/$1/task/*/children; do cat $t; done; }
compare() {   # compare NAME BEFORE PARENT CHILD
  awk -v k="$1" 'FILENAME == ARGV[1] {b[$1" "$2] = $3; next}
    FILENAME == ARGV[2] {p[$1" "$2] = $3; next} {c[$1" "$2] = $3}
    END {
      for (x in b) { split(x, y, " "); ar[y[1]] = 1; nb[y[1]]++ }
      for (x in p) { split(x, y, " "); a = y[1]; ar[a] = 1
        if (!(x in b)) np[a] = np[a] " " y[2]; else if (p[x] != b[x]) cp[a] = cp[a] " " y[2] }
      for (x in c) { split(x, y, " "); a = y[1]; ar[a] = 1
        if (!(x in b)) nc[a] = nc[a] " " y[2]; else if (c[x] != b[x]) cc[a] = cc[a] " " y[2] }
      for (a in ar) printf "%s %s: before %d; parent copied [%s ] new [%s ]; child copied [%s ] new [%s ]\n", k, a, nb[a], cp[a], np[a], cc[a], nc[a]
    }' "$2" "$3" "$4" | sort
}
st() { grep -E "^$2 " $1/memory.stat | cut -d' ' -f2; }
mf() { local l; read -r l < /proc/$1/stat 2>/dev/null; set -- $l; echo "${10}"; }
run() {   # run NAME CMD [file]
  mkdir bfc-$1
  if [ -n "$3" ]; then
    printf 'read y < %s\n%s\n' $G "$2" > /tmp/bfc-$1.sh
    ( echo $BASHPID > bfc-$1/cgroup.procs; exec bash /tmp/bfc-$1.sh ) & local p=$!
  else
    ( echo $BASHPID > bfc-$1/cgroup.procs; exec bash -c "read y < $G; $2" ) & local p=$!
  fi
  sleep 3
  pfns $p > /tmp/bfc.before
  local a0=$(st bfc-$1 anon) f0=$(st bfc-$1 pgfault) m0=$(mf $p)
  echo go >&4
  sleep 3
  local c=$(kids $p)
  pfns $p > /tmp/bfc.parent
  pfns $c > /tmp/bfc.child
  echo "$1: parent $p $(cat /proc/$p/comm) minflt $m0 -> $(mf $p); child $c $(cat /proc/$c/comm 2>/dev/null) minflt $(mf $c); anon $a0 -> $(st bfc-$1 anon); pgfault $f0 -> $(st bfc-$1 pgfault)"
  compare $1 /tmp/bfc.before /tmp/bfc.parent /tmp/bfc.child
  kill $c 2>/dev/null
  wait $p 2>/dev/null
  sleep 1
  rmdir bfc-$1
}
run sub "( read x < $F; : ) & wait"
run fg "( read x < $F; : ); :"
run exec "sleep 100; :"
run scriptsub "( read x < $F; : ) & wait" file
# (2) a loop's faults per fork
L='rd() { local k v; while read -r k v; do [ "$k" = pgfault ] && P=$v; done < /sys/fs/cgroup/bfc-loop/memory.stat; }
rd; read -r -a T < /proc/$$/stat; P0=$P M0=${T[9]} C0=${T[10]} J0=${T[11]}
for i in {1..40}; do /bin/true; done
rd; read -r -a T < /proc/$$/stat
echo "over 40 forks: pgfault $(( P - P0 )) bash-minflt $(( ${T[9]} - M0 )) children-minflt $(( ${T[10]} - C0 )) majflt $(( ${T[11]} - J0 )) cmajflt ${T[12]}"'
printf '%s\n' "$L" > /tmp/bfc-loop.sh
mkdir bfc-loop
for r in 1 2; do
  echo "loop bash -c run $r: $( echo $BASHPID > bfc-loop/cgroup.procs; exec bash -c "$L" )"
  echo "loop script run $r: $( echo $BASHPID > bfc-loop/cgroup.procs; exec bash /tmp/bfc-loop.sh )"
done
rmdir bfc-loop
rm -f $F $G /tmp/bfc.before /tmp/bfc.parent /tmp/bfc.child /tmp/bfc-*.sh
