#!/bin/bash
# memcgsim calibration (session 37, branch heap37, docs/fidelity.md item 273): which
# chunks of the script bash's arena a fork writes, on each side. This script's own
# bash (a script file's, as every conformance case's) starts a busybox sh helper in
# the background, runs `cat /dev/null` (cat hashed), then blocks in `read y < G`: the
# helper reads the bash's [heap] (/proc/PID/mem) and each page's PFN
# (/proc/PID/pagemap) then ("b1"), lets it go, and reads the bash ("p1") and its
# forked child ("c1") once the child blocks opening the FIFO F of `cat < F` (its
# redirection: before strvec_from_word_list and the execve); the same for a
# foreground subshell `( read x < F; : )` ("b2", "p2", "c2") and a background
# command `cat < F &` ("b3", "p3", "c3"). A page whose PFN changed in the parent or
# the child was copied by it (wp_page_copy); calibration/bash-fork-chunks.py walks
# the dumps' chunks and names what each copied page's changed bytes are. Reads
# /proc only; writes /tmp:
#   memcgsim oracle calibration/bash-fork-chunks.sh --kernel K --cgroup v2
G=/tmp/bfk.go
F=/tmp/bfk.fifo
mkfifo $G $F
busybox sh -c 'P=$1; G=$2; F=$3
dump() {   # dump TAG PID
  h=$(grep "\[heap\]" /proc/$2/maps); h=${h%% *}
  s=$((0x${h%-*} / 4096)); n=$(( (0x${h#*-} - 0x${h%-*}) / 4096 ))
  echo "$1 heap $h"
  echo "$1 pfn $(dd if=/proc/$2/pagemap bs=8 skip=$s count=$n 2>/dev/null | od -An -v -tx8 | tr -s " \n" "  ")"
  echo "$1 mem begin"
  dd if=/proc/$2/mem bs=4096 skip=$s count=$n 2>/dev/null | gzip -c | base64
  echo "$1 mem end"
}
kid() { for c in $(cat /proc/$P/task/$P/children); do [ "$c" != $$ ] && echo $c; done; }
for k in 1 2 3; do
  sleep 3
  dump b$k $P
  echo go > $G
  sleep 3
  c=$(kid)
  echo "fork $k: parent $P child $c $(cat /proc/$c/comm)"
  dump p$k $P
  dump c$k $c
  echo > $F
done
sleep 2
echo go > $G' helper $$ $G $F &
cat /dev/null
read y < $G
cat < $F
read y < $G
( read x < $F; : )
read y < $G
cat < $F &
read y < $G
wait
