# The busybox userland against the 6.1 guest (docs/fidelity.md item 26): ls -l of
# cgroupfs, /proc, /dev and ext4 files, free, timeout, awk/cut/sed/grep/sort messages,
# /bin/kill -l and bash's kill -l. Guest only (it writes under /sys/fs/cgroup):
#   memcgsim oracle calibration/busybox-userland.sh --kernel 6.1 --cgroup v2   (and v1)
# compared with: memcgsim run calibration/busybox-userland.sh --userland busybox --kernel 6.1 --cgroup v2
CG=/sys/fs/cgroup; [ -d $CG/memory ] && CG=$CG/memory
mkdir $CG/t1 $CG/t1/a
ls -ld /sys/fs/cgroup $CG $CG/t1 $CG/t1/a; ls -l $CG/t1 | head -4; ls -lh $CG/t1 | head -2; ls -s $CG/t1 | head -2
rmdir $CG/t1/a $CG/t1
mkdir d d/x; : > f; printf "hello\nworld\n" > g; ls -l; ls -ls; ls -l /proc/meminfo /dev/null
free; free -m; free -h; free -g; free -b; free -t; echo rc=$?
awk 'BEGIN{print 2^3}'; echo rc=$?
awk 'BEGIN { print substr("hello", 0, 2), index("", "") }'
cut -c 0 g; cut -c 3-1 g; echo rc=$?
sed 's/x/y' g; echo rc=$?
timeout 1 sleep 3; echo rc=$?
/bin/kill -l | tail -3
grep -A1 hello g; grep '(' -E g; echo rc=$?
seq 3 -1 1 | tr '\n' ' '; echo
sh -c 'kill $$'; echo rc=$?
sort -k 0 g; echo rc=$?
kill -l | tail -2
