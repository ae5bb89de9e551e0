#!/bin/bash
# memcgsim calibration (session 10, item 18): the page-table pages each kind of
# process holds. Each process is created inside its own fresh cgroup, so its page
# tables are charged there: memory.stat `pagetables` (NR_PAGETABLE: the PTE and PMD
# pages of pte_alloc_one/pmd_alloc_one) and the rest of `kernel` beyond
# kernel_stack + pagetables + slab (the PGD and PUD pages, ...), with the process's
# VmPTE (mm_pgtables_bytes: PTE + PMD + PUD pages). Processes:
#   exec:  an exec'd non-interactive bash (`bash -c`), blocked in a read;
#   fork:  a subshell forked inside the cgroup from a subshell of the script's bash
#          (copy_page_range copies only the VMAs with an anon_vma), blocked in a read;
#   sleep: a busybox sleep, exec'd from such a subshell (its bash exits);
#   tail:  `{ head -c 16M /dev/zero; read; } | tail`: a forked subshell, head (gone)
#          and tail holding 16 MiB of newline-free input.
cd /sys/fs/cgroup
echo +memory > cgroup.subtree_control
echo "bash $(readlink -f "$(command -v bash)") sleep $(readlink -f "$(command -v sleep)") tail $(readlink -f "$(command -v tail)") head $(readlink -f "$(command -v head)")"
mkfifo /tmp/pgt.fifo
exec 3<>/tmp/pgt.fifo
for c in exec fork sleep tail; do mkdir pgt-$c; done
( echo $BASHPID > pgt-exec/cgroup.procs; exec bash -c 'read x < /tmp/pgt.fifo; :' ) &
( echo $BASHPID > pgt-fork/cgroup.procs; ( read x < /tmp/pgt.fifo; : ) & wait ) &
( echo $BASHPID > pgt-sleep/cgroup.procs; exec sleep 3600 ) &
( echo $BASHPID > pgt-tail/cgroup.procs; { head -c 16M /dev/zero; read x < /tmp/pgt.fifo; } | tail > /dev/null; : ) &
sleep 3
for c in exec fork sleep tail; do
  s=$(grep -E '^(kernel|kernel_stack|pagetables|slab) ' pgt-$c/memory.stat | tr '\n' ' ')
  v=""
  for p in $(cat pgt-$c/cgroup.procs); do
    v="$v $(tr '\0' ' ' < /proc/$p/cmdline | cut -c1-20)=$(awk '/VmPTE/ {print $2}' /proc/$p/status)"
  done
  echo "$c: $s VmPTE(kB):$v"
done
echo "script bash VmPTE $(awk '/VmPTE/ {print $2}' /proc/$$/status) kB"
for c in exec fork sleep tail; do for p in $(cat pgt-$c/cgroup.procs); do kill $p; done; done
for i in 1 2 3 4 5 6 7 8; do echo x >&3; done
wait 2>/dev/null
sleep 1
for c in exec fork sleep tail; do rmdir pgt-$c; done
rm -f /tmp/pgt.fifo
