# The programs' RssAnon as the split RSS counters show it (docs/fidelity.md item
# 90, progs25): an exec's argument pages are counted in the new mm at once, the
# program's own faults in its task's cache until every 66th fault syncs them; then
# busybox's spawn_and_wait of a command that is no applet (vfork and execve: no
# copy-on-write on either side) against a NOFORK and a NOEXEC applet, the memcg's
# pgfault per command over 40 files; then busybox readlink given two operands.
st() { awk '/^RssAnon:/ {print $2}' /proc/$1/status; }
cd /tmp
mkfifo fa fc fd ff
sleep 100 & p1=$!
cat fa > /dev/null & p2=$!
bash -c 'read x < fc' & p5=$!
sh -c 'read x < fd' & p6=$!
cat ff $(printf '%020000d' 0) > /dev/null 2>&1 & p8=$!
sleep 3
echo "RssAnon kB: sleep $(st $p1) cat $(st $p2) sh-c $(st $p6) cat-20000-byte-arg $(st $p8)"
echo "RssAnon kB: bash -c $(st $p5)"
kill $p1
for f in fa fc fd ff; do echo > $f; done
wait
rm -f fa fc fd ff
mkdir /tmp/vfd
for i in $(seq 40); do : > /tmp/vfd/$i; done
cd /sys/fs/cgroup
echo +memory > cgroup.subtree_control
mkdir vf
declare -A S
rd() { local k v; while read -r k v; do S[$k]=$v; done < /sys/fs/cgroup/vf/memory.stat; }
step() {
  local p0; sleep 3; rd; p0=${S[pgfault]}
  "$@"
  sleep 3; rd; D=$(( ${S[pgfault]} - p0 ))
}
(
  echo $BASHPID > vf/cgroup.procs
  step find /tmp/vfd -type f -exec true {} ';'; base=$D
  step find /tmp/vfd -type f -exec /bin/true {} ';'
  echo "find -exec /bin/true (vfork): pgfault per file $(( (D - base) / 40 ))"
  step find /tmp/vfd -type f -exec cat {} ';'
  echo "find -exec cat (NOEXEC fork): pgfault per file $(( (D - base) / 40 ))"
  step sh -c 'ls /tmp/vfd | xargs -n 1 true'; base=$D
  step sh -c 'ls /tmp/vfd | xargs -n 1 /bin/true'
  echo "xargs -n 1 /bin/true (vfork): pgfault per file $(( (D - base) / 40 ))"
)
rmdir vf
rm -r /tmp/vfd
readlink /proc/self /proc/self; echo "readlink of two operands: $?"
readlink -v /tmp; echo "readlink -v of a directory: $?"
