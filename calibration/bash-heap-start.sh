#!/bin/bash
# memcgsim calibration (session 26, branch progs26): how a script's bash-static
# grows its [heap] from its start-up's 16 written pages (calibration/
# bash-image-areas.sh) over the first lines of calibration/nested-scope-pages.sh
# (whose "walk start" found 24): after each line a forked awk prints the pages
# of the script's [heap] with an Anonymous page (smaps), the area's size, and
# RssAnon; the walk's own `busybox sh -c "$WALK"` last.
# Guest only (it writes under /sys/fs/cgroup):
#   memcgsim oracle calibration/bash-heap-start.sh --kernel K --cgroup v2
hp() { awk -v l="$1" '/\[heap\]/ {h = 1; next} h && /^Size:/ {s = $2} h && /^Anonymous:/ {print l ": heap " s / 4 " pages, " $2 / 4 " written"; exit}' /proc/$$/smaps; }
hp first-line
cd /sys/fs/cgroup
hp cd
echo +memory > cgroup.subtree_control
hp subtree_control
WALK='
P=$1
echo "walk $2: bash $P root $(stat -c %i /sys/fs/cgroup) live $(stat -c %i /sys/fs/cgroup/live)"
grep -E "^(RssAnon|RssFile|VmRSS)" /proc/$P/status | tr -s " \t" " " | tr "\n" " "; echo
while read range perm off dev ino name; do
  case "$perm" in rw?p) ;; *) continue ;; esac
  s=$((0x${range%-*})); e=$((0x${range#*-})); np=$(( (e - s) / 4096 ))
  words=$(dd if=/proc/$P/pagemap bs=8 skip=$((s / 4096)) count=$np 2>/dev/null | od -An -v -tx8)
  out=""; i=0; n=0
  for w in $words; do
    if [ $(( (0x$w >> 63) & 1 )) = 1 ]; then
      n=$((n+1))
      pfn=$(( 0x$w & 0x7fffffffffffff ))
      c=$(dd if=/proc/kpagecgroup bs=8 skip=$pfn count=1 2>/dev/null | od -An -tu8 | tr -d " ")
      k=$(dd if=/proc/kpagecount bs=8 skip=$pfn count=1 2>/dev/null | od -An -tu8 | tr -d " ")
      out="$out $i:$c:$k"
    fi
    i=$((i+1))
  done
  echo "${name:-anon} $range ($np pages, $n present):$out"
done < /proc/$P/maps
'
hp WALK-assigned
walk() { /bin/busybox sh -c "$WALK" sh $$ "$1" | head -1; }
hp walk-defined
mkdir live
hp mkdir
walk start
hp walk-ran
X=$(printf '%01000d' 0)
hp 1000-byte-variable
for i in {1..20}; do mkdir -p s$i/b; done
hp mkdir-loop
for i in {1..20}; do rmdir s$i/b s$i; done
rmdir live
hp end
