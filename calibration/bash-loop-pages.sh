#!/bin/bash
# memcgsim calibration (session 27, branch progs27): which pages a bash-static
# writes over a loop of forks and execs (`for i in {1..40}; do /bin/true; done`),
# against its own faults: each page a fork write-protects faults once at the
# parent's next write to it (`do_wp_page`: `wp_page_copy` while the child maps
# it, `wp_page_reuse` once the child has exec'd), so the parent's min_flt per fork
# is the number of pages it writes per iteration. The bash, alone in a fresh
# cgroup, blocks in `read y < G` before and after the loop; at the first block its
# soft-dirty bits are cleared (`echo 4 > /proc/PID/clear_refs`), at the second
# /proc/PID/pagemap's bit 55 (soft-dirty) names the pages written since, per area
# (the second read's own writes among them). Printed: its min_flt and cmin_flt
# over the loop, the cgroup's pgfault, and each area's written pages. Loops: a
# `bash -c`, the same from a script file, and from a script file inside an outer
# `for` (as bash-image-areas.sh's steps run, where a fork cost the bash 22-25 faults).
# Guest only (it writes under /sys/fs/cgroup):
#   memcgsim oracle calibration/bash-loop-pages.sh --kernel K --cgroup v2
G=/tmp/blp.go
cd /sys/fs/cgroup
echo +memory > cgroup.subtree_control
mkfifo $G
exec 4<>$G
st() { grep -E "^$2 " $1/memory.stat | cut -d' ' -f2; }
mf() { local l; read -r l < /proc/$1/stat 2>/dev/null; set -- $l; echo "${10} ${11}"; }
dirty() {   # dirty PID: per area, the pages with the soft-dirty bit
  local p=$1 a s e n perm off dev ino name i v out c
  while read -r a perm off dev ino name; do
    case "$perm" in rw-p) ;; *) continue ;; esac
    s=$((0x${a%-*})); e=$((0x${a#*-})); n=$(( (e - s) / 4096 ))
    [ -n "$name" ] || name=anon
    i=0; out=""; c=0
    for v in $(dd if=/proc/$p/pagemap bs=8 skip=$((s / 4096)) count=$n 2>/dev/null | od -An -v -tx8); do
      if (( (0x$v >> 63) & 1 )); then c=$((c + 1)); (( (0x$v >> 55) & 1 )) && out="$out $i"; fi
      i=$((i + 1))
    done
    echo "  ${name##*/}@$(printf %x $s) size $n present $c written [$out ]"
  done < /proc/$p/maps
}
BODY='for i in {1..40}; do /bin/true; done'
NESTED='for r in 1; do x=1; for i in {1..40}; do /bin/true; done; y=2; done'
run() {   # run NAME c|file BODY
  mkdir blp-$1
  if [ $2 = c ]; then
    ( echo $BASHPID > blp-$1/cgroup.procs; exec bash -c "read y < $G; $3; read y < $G" ) & local p=$!
  else
    printf 'read y < %s\n%s\nread y < %s\n' $G "$3" $G > /tmp/blp-$1.sh
    ( echo $BASHPID > blp-$1/cgroup.procs; exec bash /tmp/blp-$1.sh ) & local p=$!
  fi
  sleep 3
  echo 4 > /proc/$p/clear_refs
  local m0=$(mf $p) f0=$(st blp-$1 pgfault)
  echo go >&4
  sleep 12
  echo "$1: min_flt cmin_flt $m0 -> $(mf $p); pgfault $f0 -> $(st blp-$1 pgfault)"
  dirty $p
  echo go >&4
  wait $p
  rmdir blp-$1
}
for r in 1 2; do
  run c$r c "$BODY"
  run file$r file "$BODY"
  run nested$r file "$NESTED"
done
rm -f $G /tmp/blp-*.sh
