# The other /proc and /sys files reproducers read (fs/procfs.py, fs/procglobal.py,
# fs/sysfs.py, fs/procpid.py; docs/fidelity.md item 106): version,
# filesystems, interrupts' rows, iomem's first lines, vmallocinfo's stacks, the
# sysctls, the CPU and node masks, the THP files and their writes, a process's
# limits, io, environ and oom_score, the cgroup mounts in mountinfo; each file's
# mode and the errors of writes.
uname -r
cat /proc/version | sed 's/#[0-9]*/#N/'
echo "filesystems: $(awk '{printf "%s ", $NF}' /proc/filesystems)"
echo "interrupts: $(head -1 /proc/interrupts | wc -w) CPUs, rows $(tail -n +2 /proc/interrupts | awk '{printf "%s ", $1}')"
head -4 /proc/iomem
echo "vmallocinfo: pcpu $(grep -c pcpu_ /proc/vmallocinfo) modules $(grep -c load_module /proc/vmallocinfo) ioremap $(grep -c ioremap /proc/vmallocinfo)"
for f in vm/overcommit_memory vm/overcommit_ratio kernel/osrelease kernel/ostype fs/file-max; do echo "sys/$f: $(cat /proc/sys/$f)"; done
echo "file-nr: $(awk '{print NF, $2, $3}' /proc/sys/fs/file-nr)"
echo "inode-nr: $(cat /proc/sys/fs/inode-nr)"
for f in online possible present offline; do echo "cpu $f: [$(cat /sys/devices/system/cpu/$f)]"; done
for f in online possible node0/cpulist; do echo "node $f: [$(cat /sys/devices/system/node/$f)]"; done
T=/sys/kernel/mm/transparent_hugepage
for f in enabled defrag use_zero_page hpage_pmd_size shmem_enabled; do echo "thp $f: $(cat $T/$f)"; done
( echo bogus > $T/enabled ) 2>&1; echo "thp enabled bogus: $?"
echo never > $T/enabled; echo "thp enabled never: $? $(cat $T/enabled)"
echo always > $T/enabled; echo "thp enabled always: $? $(cat $T/enabled)"
( echo 2 > $T/use_zero_page ) 2>&1; echo "use_zero_page 2: $?"
( echo 5 > /proc/sys/vm/overcommit_memory ) 2>&1; echo "overcommit_memory 5: $?"
echo 1 > /proc/sys/vm/overcommit_memory; echo "overcommit_memory 1: $? $(cat /proc/sys/vm/overcommit_memory)"
echo 0 > /proc/sys/vm/overcommit_memory
( echo x > /proc/sys/kernel/osrelease ) 2>&1; echo "write osrelease: $?"
( echo x > /proc/version ) 2>&1; echo "write version: $?"
( echo x > /sys/devices/system/cpu/online ) 2>&1; echo "write cpu online: $?"
( echo x > /proc/self/limits ) 2>&1; echo "write limits: $?"
ls -l /proc/version /proc/zoneinfo /proc/buddyinfo /proc/pagetypeinfo /proc/vmallocinfo /proc/iomem /proc/interrupts /proc/filesystems /proc/sys/vm/overcommit_memory /proc/sys/fs/file-nr /proc/sys/kernel/osrelease | awk '{print $1, $NF}'
ls -l /proc/pressure | tail -n +2 | awk '{print $1, $NF}'
ls -l /proc/self/maps /proc/self/smaps /proc/self/smaps_rollup /proc/self/numa_maps /proc/self/environ /proc/self/io /proc/self/limits /proc/self/oom_score /proc/self/mountinfo | awk '{print $1, $NF}' | sed 's/[0-9][0-9]*/N/'
ls -l $T/enabled $T/defrag $T/hpage_pmd_size /sys/devices/system/cpu/online | awk '{print $1, $5, $NF}'
sleep 30 & S=$!
sleep 0.5
awk 'NR == 1 || /^Max (processes|open files|locked memory|pending signals|stack size|core file size)/' /proc/$S/limits
echo "io keys: $(cut -d: -f1 /proc/$S/io | tr '\n' ' ')"
echo "environ: $(tr '\0' '\n' < /proc/$S/environ | cut -d= -f1 | sort | tr '\n' ' ')"
echo "oom_score: $(cat /proc/$S/oom_score) adj $(cat /proc/$S/oom_score_adj)"
echo 500 > /proc/$S/oom_score_adj; echo "oom_score at adj 500: $(cat /proc/$S/oom_score)"
kill $S; wait
awk '$5 ~ /cgroup/ {print "mountinfo:", $5, $6, $(NF-2), NF}' /proc/self/mountinfo
