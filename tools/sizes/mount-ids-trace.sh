#!/bin/bash
# Which mount took which mount ID at boot (docs/fidelity.md, session 39 branch
# userland39; design boot_mounts): the function tracer on from the kernel command
# line, filtered to the mount allocations (fs/namespace.c alloc_vfsmnt: mnt_alloc_id,
# ida_alloc: the lowest free ID) and frees, a stack per call, so the boot's own
# mounts are in the buffer when the script starts:
#   memcgsim oracle tools/sizes/mount-ids-trace.sh --kernel K --cgroup v2 \
#     --boot "ftrace=function ftrace_filter=alloc_vfsmnt,free_vfsmnt trace_options=func_stack_trace trace_buf_size=1M trace_clock=global"
# (recordings/mount-ids-trace--K-v2-N.txt). Prints one line per call in order: "A" or
# "F", the task (comm-pid), the CPU, the first frames past the allocator (which
# initcall or work item mounted what); then the mount IDs the script sees: a pipe's
# (pipefs), /proc/self/ns/net's (nsfs), kdevtmpfs's namespace and the script's
# mountinfo (ID, parent, mount point, type).
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T 2>&1
echo 0 > $T/tracing_on
echo "$(uname -r) $(getconf _NPROCESSORS_ONLN) CPUs"
awk '
  function flush() { if (ev != "") print ev, task, cpu, fr; ev = "" }
  /^ *#/ { next }
  / => / { if (ev != "" && n < 9 && $2 !~ /^(alloc_vfsmnt|free_vfsmnt|vfs_create_mount|ftrace|arch_|__traceiter)/) { fr = fr " " $2; n++ }; next }
  /<stack trace>/ { next }
  /alloc_vfsmnt|free_vfsmnt/ { flush(); task = $1; cpu = $2; ev = ($0 ~ /free_vfsmnt/) ? "F" : "A"; fr = ""; n = 0
                               sub(/.*: /, ""); fr = "<-" $0 ":"; next }
  END { flush() }' $T/trace
sleep 1 | { echo "pipe: $(grep mnt_id /proc/self/fdinfo/0)"; }
exec 4</proc/self/ns/net; echo "nsfs: $(grep mnt_id /proc/self/fdinfo/4)"; exec 4<&-
for p in /proc/[0-9]*; do
  [ "$(cat $p/comm 2>/dev/null)" = kdevtmpfs ] && { echo "kdevtmpfs mountinfo:"; awk '{print " ", $1, $2, $5, $(NF-2)}' $p/mountinfo; }
done
echo "mountinfo:"; awk '{print " ", $1, $2, $5, $(NF-2)}' /proc/self/mountinfo
