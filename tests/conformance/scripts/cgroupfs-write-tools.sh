#!/bin/bash
# Written for memcgsim's conformance suite (session 14, cgroup v1 or v2): the ways an
# admin's script sets a memory limit, and what each tool makes of a refused value.
# Each write(2) is one cgroup_file_write (kernel/cgroup/cgroup.c) of the whole buffer,
# stripped of surrounding white space and parsed by page_counter_memparse: a buffer
# of two lines is refused (EINVAL); bash's echo and printf write once per command,
# busybox's dd once per block, so `dd bs=2` sets the limit to the first two bytes.
# An fd kept open writes each value on its own; a seq_file fd kept open for reading
# reaches the end after one read. Messages: bash's builtins say "echo: write error:",
# busybox's sh, echo, cp, tee and dd their own; printed without bash's line numbers.
if [ -d /sys/fs/cgroup/memory ]; then
  C=/sys/fs/cgroup/memory; V=v1; LIM=memory.limit_in_bytes
else
  C=/sys/fs/cgroup; V=v2; LIM=memory.max
  grep -qw memory $C/cgroup.subtree_control || echo +memory > $C/cgroup.subtree_control
fi
cd $C
mkdir job
L=job/$LIM
nolines() { sed -e 's/^[^ ]*: line [0-9]*: //'; }
limit() { local v; v=$(cat $L); [ "$v" = max ] || [ "$v" -gt 1000000000000 ] && v=unlimited; echo "$v"; }
report() { echo "$V $1: rc=$2 limit $(limit)"; }
printf '24M\n' > /tmp/one
printf '40M\n80M\n' > /tmp/two
printf 'bogus\n' > /tmp/bad

echo 64M > $L;                          report "echo 64M" $?
echo 64M 128M 2>&1 > $L | nolines;      report "echo '64M 128M'" ${PIPESTATUS[0]}
echo -n 32M > $L;                       report "echo -n 32M" $?
echo "  16M  " > $L;                    report "echo '  16M  '" $?
printf '12M\n\n\n' > $L;                report "printf '12M' and blank lines" $?
printf '%s\n' 8M 9M 2>&1 > $L | nolines;  report "printf two lines" ${PIPESTATUS[0]}
printf 7340032 > $L;                    report "printf 7340032" $?
echo 0x800000 2>&1 > $L | nolines;       report "echo 0x800000" ${PIPESTATUS[0]}
/bin/echo 20M > $L;                     report "/bin/echo 20M" $?
/bin/echo nonsense 2>&1 > $L;           report "/bin/echo nonsense" $?
sh -c "echo 21M > $L";                  report "sh echo 21M" $?
sh -c "echo 21X > $L" 2>&1;             report "sh echo 21X" $?
cat /tmp/one > $L;                      report "cat one line" $?
cat /tmp/two 2>&1 > $L;                 report "cat two lines" $?
cat /tmp/bad > $L 2>&1;                 report "cat bogus" $?
cp /tmp/one $L 2>&1;                    report "cp one line" $?
cp /tmp/two $L 2>&1;                    report "cp two lines" $?
tee $L < /tmp/one > /dev/null 2>&1;     report "tee one line" $?
echo 30M | tee $L;                      report "echo | tee" $?
echo 31X | tee $L 2>&1;                 report "echo 31X | tee" $?
dd if=/tmp/one of=$L 2>/dev/null;       report "dd" $?
dd if=/tmp/one of=$L bs=2 2>&1 | grep -v -e records -e copied; report "dd bs=2" ${PIPESTATUS[0]}
echo 44M >> $L;                         report "echo >> 44M" $?
# one fd, several writes: each is a write of its own
exec 3> $L
echo 50M >&3; a=$(limit)
echo 51M >&3; b=$(limit)
echo bad >&3 2>&1 | nolines
echo "$V fd 3: $a then $b, then bad: limit $(limit)"
exec 3>&-
# one read fd, read twice: the second read is at the end of the file
exec 4< $L
read -r x <&4; r1=$?
read -r y <&4; r2=$?
echo "$V fd 4: first read rc=$r1 '$x', second rc=$r2 '$y'"
exec 4<&-
echo "$V \$(<file): $(< $L)"
# the same on the root: a limit there is refused (v1 EINVAL; v2 has no memory.max)
echo 1G 2>&1 > $C/$LIM | nolines; echo "$V root: rc=${PIPESTATUS[0]}"
rmdir job
rm -f /tmp/one /tmp/two /tmp/bad
