#!/bin/bash
# memcgsim calibration (session 33, branch heap33, docs/fidelity.md item 183): wraps a
# script (stdin) so that the guest traces its own bash's brk, mmap, munmap and mremap
# calls (syscall tracepoints, set_event_pid $$ only) and prints them after the script's
# own output, between "trace begin" and "trace end" (the model's side:
# calibration/runtime-cycle-brk-model.py SCRIPT).
#   sh calibration/script-brk-trace.sh < tests/conformance/scripts/novel-runtime-cycle.sh \
#     | memcgsim oracle - --kernel 6.1 --cgroup v2
# After the trace (session 40, branch userland40): the mm's start_brk (/proc/PID/stat
# field 47) and the [heap] line of /proc/PID/maps, so that each brk reads as the
# heap's size in pages (brk - start_brk); the model's side: script-brk-model.py SCRIPT.
cat <<'PRE'
#!/bin/bash
T=/sys/kernel/tracing
[ -d $T/events ] || mount -t tracefs nodev $T
echo $$ > $T/set_event_pid
for e in brk mmap munmap mremap; do
  echo 1 > $T/events/syscalls/sys_enter_$e/enable
  echo 1 > $T/events/syscalls/sys_exit_$e/enable
done
echo 1 > $T/tracing_on
PRE
grep -v '^#!'
cat <<'POST'
echo 0 > $T/tracing_on
echo "trace begin"
grep -v '^#' $T/trace | sed 's/^ *//' | awk '{$1 = ""; $2 = ""; $3 = ""; print}'
echo "trace end"
awk '{print "start_brk", $47}' /proc/$$/stat
grep '\[heap\]' /proc/$$/maps
POST
