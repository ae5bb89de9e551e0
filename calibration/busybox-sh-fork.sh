#!/bin/bash
# memcgsim calibration (session 24, docs/fidelity.md item 80): which pages a fork of
# busybox sh copies, and on which side. A busybox sh blocks in a read before it
# forks; the present anonymous pages of its writable areas and of .data.rel.ro
# (/proc/PID/pagemap: PFN, bit 63 present) are read then, and again in the parent and
# the child once both block after the fork. A page whose PFN changed in the parent
# was copied by the parent (``wp_page_copy``: a new page, charged where the writer
# is), one changed in the child by the child; a page present only after the fork is
# new. Forks: sub, `( read x < F; : ) & wait` (a subshell); noexec, `head -n 1 F; :`
# (the NOEXEC head applet in a forked child, no execve); exec, `sleep 100; :` (the
# parent's copies while the child has not exec'd yet, and after: a fault, no copy).
# Guest only: memcgsim oracle calibration/busybox-sh-fork.sh --kernel K --cgroup v2
F=/tmp/bsf.fifo
G=/tmp/bsf.go
mkfifo $F $G
exec 3<>$F 4<>$G
# pfns PID: "area page pfn" for each present page of its anonymous-capable areas
pfns() {
  local p=$1 a s e n perm name off i v
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
      for (x in p) { split(x, y, " "); a = y[1]
        if (!(x in b)) newp[a]++; else if (p[x] != b[x]) cp[a]++ }
      for (x in c) { split(x, y, " "); a = y[1]
        if (!(x in b)) newc[a]++; else if (c[x] != b[x]) cc[a]++ }
      for (x in b) { split(x, y, " "); ar[y[1]] = 1; nb[y[1]]++ }
      for (x in p) { split(x, y, " "); ar[y[1]] = 1 }
      for (x in c) { split(x, y, " "); ar[y[1]] = 1 }
      for (a in ar) printf "%s %s: before %d, parent copied %d new %d, child copied %d new %d\n", k, a, nb[a], cp[a], newp[a], cc[a], newc[a]
    }' "$2" "$3" "$4" | sort
}
run() {   # run NAME COMMAND
  sh -c "read y < $G; $2" & local p=$!
  sleep 2
  pfns $p > /tmp/bsf.before
  echo go >&4
  sleep 2
  local c=$(kids $p)
  pfns $p > /tmp/bsf.parent
  pfns $c > /tmp/bsf.child
  echo "$1: parent $(cat /proc/$p/comm) child $c $(cat /proc/$c/comm 2>/dev/null)"
  compare $1 /tmp/bsf.before /tmp/bsf.parent /tmp/bsf.child
  kill $c 2>/dev/null
  wait $p 2>/dev/null
}
run sub "( read x < $F; : ) & wait"
run noexec "head -n 1 $F; :"
run exec "sleep 100; :"
rm -f $F $G /tmp/bsf.before /tmp/bsf.parent /tmp/bsf.child
