#!/bin/bash
# Written for memcgsim (session 20, docs/fidelity.md item 60): how deep in its [stack]
# the script bash is when it forks, by what the command is and where it runs (a list's
# earlier commands, loops, functions, groups, command substitutions, pipelines), and
# which stack pages it writes there. A script made here, run by one new bash, forks in
# each place a busybox sh that reads /proc/BASH/syscall while the bash waits for it
# (wait4 for a foreground command, read of the pipe for a command substitution): its
# user stack pointer, printed as bytes below the end of the bash's [stack] mapping
# ("below-top") and below its initial stack pointer (/proc/BASH/stat startstack:
# "below-start"). With WALK=1 (the default; cgroup v2; in the guest only: it writes
# /sys/fs/cgroup; WALK=0 measures alone, anywhere) each such line runs with the bash in its
# own cgroup x$k (kept online) and a watcher (started first: not forked by the bash
# afterwards) prints the pages charged to x$k as in calibration/shell-stack-depth.sh.
# Run: memcgsim oracle calibration/shell-stack-sp.sh --kernel 6.1 --cgroup v2
S=/tmp/sp.sh L=/tmp/sp.log G=/tmp/sp-gen.sh
WALK=${WALK-1}
cat > $S <<'SP'
lab=$2
sleep 0.2
read -r nr a1 a2 a3 a4 a5 a6 sp pc < /proc/$1/syscall
while read -r range perm off dev ino name; do
  [ "$name" = "[stack]" ] && end=$((0x${range#*-})) start=$((0x${range%-*}))
done < /proc/$1/maps
read -r stat < /proc/$1/stat; set -- $stat; shift 27; st=$1
echo "$lab syscall $nr below-top $(( end - sp )) below-start $(( st - sp )) start-below-top $(( end - st )) stack-pages $(( (end - start) / 4096 ))" >> /tmp/sp.log
SP
pad() { local i; for ((i = 0; i < $1; i++)); do printf ' :;'; done; }
# one line of the made script: with WALK=1 between joining x$k and the walk
line() {
  if [ "$WALK" = 1 ]; then
    echo 'k=$((k+1)); mkdir /sys/fs/cgroup/x$k; echo $$ > /sys/fs/cgroup/x$k/cgroup.procs'
    echo "$2"
    echo "echo \$\$ > /sys/fs/cgroup/cgroup.procs; echo \"\$k $1\" > \$F1; read x < \$F2"
  else
    echo "$2"
  fi
}
{
  echo 'S=/tmp/sp.sh; B=/bin/busybox; k=0'
  if [ "$WALK" = 1 ]; then
    echo 'echo +memory > /sys/fs/cgroup/cgroup.subtree_control; F1=/tmp/sp-go F2=/tmp/sp-done; mkfifo $F1 $F2'
    echo '$B sh /tmp/sp-watch.sh $$ < /dev/null &'
  fi
  line top-fg '$B sh $S $$ top-fg'
  line top-comsub 'x=$($B sh $S $$ top-comsub)'
  line top-comsub-redir 'x=$($B sh $S $$ top-comsub-redir < /etc/passwd)'
  [ "$WALK" = 1 ] || line top-fg-redir '$B sh $S $$ top-fg-redir > /dev/null'
  line top-subshell '( $B sh $S $$ top-subshell )'
  line top-pipeline '$B sh $S $$ top-pipeline | $B cat'
  [ "$WALK" = 1 ] || {
  line top-pipeline-last '$B true | $B sh $S $$ top-pipeline-last'
  line top-group '{ $B sh $S $$ top-group; }'
  line top-if 'if :; then $B sh $S $$ top-if; fi'
  line top-case 'case x in x) $B sh $S $$ top-case;; esac'
  line top-and-second ': && $B sh $S $$ top-and-second'
  line top-and-first '$B sh $S $$ top-and-first && :'
  line top-list2-first '$B sh $S $$ top-list2-first; :'
  }
  line top-func1 'f() { $B sh $S $$ ${1:-top-func1}; }; f'
  [ "$WALK" = 1 ] || {
  line top-func2 'g() { f top-func2; }; g'
  line top-func1-comsub 'h() { x=$($B sh $S $$ top-func1-comsub); }; h'
  }
  line top-bg 'sleep 1 &'
  for p in 0 1 2 3 4 6 8 12 16 24 32; do
    case "$WALK:$p" in 1:[136]|1:12|1:24) continue ;; esac
    line for-fg-pad$p "for r in 1; do \$B sh \$S \$\$ for-fg-pad$p;$(pad $p) done"
  done
  for p in 0 1 2 4 8 16; do
    case "$WALK:$p" in 1:[12]) continue ;; esac
    line for-comsub-pad$p "for r in 1; do x=\$(\$B sh \$S \$\$ for-comsub-pad$p);$(pad $p) done"
  done
  for p in 0 8 16; do
    line for-bg-pad$p "for r in 1; do sleep 1 &$(pad $p) done"
  done
  [ "$WALK" = 1 ] || for p in 0 4 16; do
    line while-fg-pad$p "while :; do \$B sh \$S \$\$ while-fg-pad$p;$(pad $p) break; done"
    line func-fg-pad$p "k() { \$B sh \$S \$\$ func-fg-pad$p;$(pad $p) }; k"
    line if-fg-pad$p "if :; then \$B sh \$S \$\$ if-fg-pad$p;$(pad $p) fi"
    line group-fg-pad$p "{ \$B sh \$S \$\$ group-fg-pad$p;$(pad $p) }"
  done
  [ "$WALK" = 1 ] || {
  line for2-fg 'for a in 1; do for b in 1; do $B sh $S $$ for2-fg; done; done'
  line for3-fg 'for a in 1; do for b in 1; do for c in 1; do $B sh $S $$ for3-fg; done; done; done'
  }
  line batch-s 'for a in 1; do mkdir -p /tmp/spd; echo x > /tmp/spd/f; n=$($B sh $S $$ batch-s < /tmp/spd/f); echo y > /dev/null; rmdir /tmp/spd 2>/dev/null; done'
  line batch-e 'for i in 1; do ( $B sh $S $$ batch-e; exec $B true ); : ; : ; done'
  [ "$WALK" = 1 ] && echo 'kill %1'
} > $G
if [ "$WALK" = 1 ]; then
cat > /tmp/sp-watch.sh <<'WATCH'
P=$1
while read k label < /tmp/sp-go; do
  C=$(stat -c %i /sys/fs/cgroup/x$k)
  out="$label:"
  while read range perm off dev ino name; do
    case "$perm" in rw?p) ;; *) continue ;; esac
    s=$((0x${range%-*})); e=$((0x${range#*-})); np=$(( (e - s) / 4096 ))
    words=$(dd if=/proc/$P/pagemap bs=8 skip=$((s / 4096)) count=$np 2>/dev/null | od -An -v -tx8)
    at=""; j=0; n=0
    for w in $words; do
      if [ $(( (0x$w >> 63) & 1 )) = 1 ]; then
        n=$((n+1))
        pfn=$(( 0x$w & 0x7fffffffffffff ))
        c=$(dd if=/proc/kpagecgroup bs=8 skip=$pfn count=1 2>/dev/null | od -An -tu8 | tr -d " ")
        [ "$c" = "$C" ] && at="$at,$j"
      fi
      j=$((j+1))
    done
    out="$out ${name:-anon}($np/$n)[${at#,}]"
  done < /proc/$P/maps
  echo "$out"
  echo done > /tmp/sp-done
done
WATCH
fi
"$BASH" $G   # the bash running this script (the guests': static bash 5.2.15)
cat $L
