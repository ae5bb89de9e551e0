#!/bin/bash
# memcgsim calibration (session 42, branch heap42, docs/fidelity.md item 400): a
# `bash -c`'s start-up memory by its environment. The script's bash runs
# `env -i NAMES... bash -c "$D; :"` with 0, 20 and 200 variables (E001=... with a
# 20-byte value), then `bash -c "$D; :"` with the script's own environment ("plain"),
# and `env -i` with 20 variables and an exported function ("func20"). Each `bash -c`
# forks a busybox sh (its first command: bash has built its export environment,
# maybe_make_export_env, before the fork) that prints the parent's status lines
# (VmRSS, RssAnon, VmData, VmStk), minflt, its areas' smaps Anonymous and Size, and
# dumps its [heap] and main_arena page from /proc/PPID/mem (as calibration/
# bash-c-arena.sh); each dump follows a "== NAME" line, calibration/bash-c-env.py
# reads them (calibration/bash-heap-arena.py walks the arenas; the dump is an `eval`'d
# string, left out where /proc/PID/mem is not there: the model). Reads /proc only:
#   memcgsim oracle calibration/bash-c-env.sh --kernel K --cgroup v2
D='/bin/busybox sh -c '"'"'p=$PPID
grep -E "^(VmRSS|RssAnon|VmData|VmStk):" /proc/$p/status | tr -s " \t" " "
echo "minflt $(cut -d" " -f10 /proc/$p/stat)"
awk "/^[0-9a-f]+-[0-9a-f]+ / {a=\$1; n=\$6} /^Size:/ {s=\$2} /^Anonymous:/ {if (\$2 > 0) print \"area\", a, n, s, \$2}" /proc/$p/smaps
h=$(grep "\[heap\]" /proc/$p/maps); h=${h%% *}
echo "heap $h"
echo "data $(grep -m1 "rw-p.*bash" /proc/$p/maps | cut -d" " -f1)"
M="s=\$((0x\${h%-*} / 4096)); n=\$(( (0x\${h#*-} - 0x\${h%-*}) / 4096 ))
echo heap-gz-b64 begin
dd if=/proc/\$p/mem bs=4096 skip=\$s count=\$n 2>/dev/null | gzip -c | base64
echo heap-gz-b64 end
echo arena-gz-b64 begin
dd if=/proc/\$p/mem bs=4096 skip=\$((0x63a000 / 4096)) count=1 2>/dev/null | gzip -c | base64
echo arena-gz-b64 end"
[ -r /proc/$p/mem ] && eval "$M"'"'"
vars() {  # E001=vvvvvvvvvvvvvvvvvvvv ... (N of them)
  local i=1 out=
  while [ $i -le $1 ]; do out="$out $(printf 'E%03d' $i)=vvvvvvvvvvvvvvvvvvvv"; i=$((i + 1)); done
  echo $out
}
for n in 0 20 200; do
  echo "== env$n"
  env -i $(vars $n) bash -c "$D; :"
done
echo "== plain"
bash -c "$D; :"
echo "== func20"
env -i $(vars 20) 'BASH_FUNC_st%%=() {  local p;  for p in 1 2; do echo $p; done }' bash -c "$D; :"
