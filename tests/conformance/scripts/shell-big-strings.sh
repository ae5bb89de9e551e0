#!/bin/bash
# Written for memcgsim's conformance suite (session 34, strings34, docs/fidelity.md
# items 195): a bash worker's big strings step by step. The worker (a subshell of
# the script's bash) moves itself into c1, then runs one command each time it is told
# through a FIFO: `printf -v s '%*s' 1048576 ''` and `a+=("$s")` three times, a copy
# `y="$s"`, `${#s}`, `${s:0:10}`, `unset s`, `s="$y"`, `unset y s`, a 1 MB `$(...)`, its
# unset, the array's unset, the pair again; after each, c1's anon and the worker's
# smaps_rollup Anonymous (glibc's mmap'd chunks and the heap's growth and trims:
# bash 5.2 builtins/printf.def, subst.c, arrayfunc.c; glibc 2.36 malloc/malloc.c).
C=/sys/fs/cgroup
echo +memory > $C/cgroup.subtree_control
mkdir $C/c1
mkfifo /tmp/go /tmp/done
( echo $BASHPID > $C/c1/cgroup.procs
  declare -a a
  while read -r cmd < /tmp/go; do
    case $cmd in
      p) printf -v s '%*s' 1048576 '' ;;
      a) a+=("$s") ;;
      cp) y="$s" ;;
      len) n=${#s} ;;
      sub) z=${s:0:10} ;;
      us) unset s ;;
      back) s="$y" ;;
      uys) unset y s ;;
      cs) v=$(head -c 1000000 /dev/zero | tr '\0' x) ;;
      uv) unset v ;;
      ua) unset a ;;
      quit) break ;;
    esac
    echo "$cmd" > /tmp/done
  done ) &
w=$!
show() {
  printf '%s: anon KiB %s' "$1" "$(awk '$1 == "anon" { print int($2 / 1024) }' $C/c1/memory.stat)"
  awk '$1 == "Anonymous:" { printf "; worker Anonymous KiB %s\n", $2 }' /proc/$w/smaps_rollup
}
sleep 1
show start
for c in p a p a p a cp len sub us back uys cs uv ua p a; do
  echo "$c" > /tmp/go; read -r ok < /tmp/done; show "$c"
done
echo quit > /tmp/go; wait $w
echo "worker status $?"
echo "worker gone: anon KiB $(awk '$1 == "anon" { print int($2 / 1024) }' $C/c1/memory.stat)"
rm /tmp/go /tmp/done
rmdir $C/c1; echo "rmdir $?"
