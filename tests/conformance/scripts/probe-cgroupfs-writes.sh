#!/bin/bash
# Probe (memcgsim conformance suite, issue 13): every cgroup-core and memory cgroupfs
# file of a fresh tree (root and a child), v1 or v2 (auto-detected): its mode and the
# shape of its content (digits as #), then a matrix of values written to every
# writable file (status, the shell's message, the value read back), a write to every
# read-only file, the kernfs rules (create, mkdir, rmdir, unlink, rename) and the
# shapes again after a small workload.
#
# Only bash builtins report errors here (printf, read, redirections): the guest's
# other programs are busybox, whose messages are not GNU's; for mkdir/rmdir/rm/mv
# only the exit status and the text after the last ": " (strerror) are printed.
if [ -d /sys/fs/cgroup/memory ]; then C=/sys/fs/cgroup/memory; V=v1
else C=/sys/fs/cgroup; V=v2; echo +memory > $C/cgroup.subtree_control; fi
cd $C
mkdir probe

# the files of interest: the cgroup core's and the memory controller's
ours() {
    local f
    for f in "$1"/*; do
        case ${f##*/} in
            cgroup.*|memory.*|tasks|notify_on_release|release_agent) echo "$f" ;;
        esac
    done
}

# a file's content on one line (lines joined by |), or the read's error
rd() {
    local l out=
    while IFS= read -r l || [ -n "$l" ]; do out+="$l|"; done < "$1"
    echo "${out%|}"
}

# the value read back after a write (or the read's strerror)
back() {
    local r
    r=$(rd "$1" 2>&1)
    case $r in *" error: "*) r="error: ${r##*: }" ;; esac
    echo "$r"
}

# the shape of a file: mode and content with every number as #
shapes() {
    local f
    for f in $(ours "$1"); do
        printf '%s %s: ' "$(stat -c %a "$f")" "$f"
        back "$f" | sed -E 's/[0-9]+/#/g'
    done
}

echo "== $V shapes at boot"
shapes .
shapes probe

VALUES=(0 1 -1 +1 -0 2 100 101 200 201 4096 4095 1k 1K 1m 1M 1g 1G 1t 1T 1p 1P 1e 1E
        1kB 1KiB "1 k" 0x10 0X1f 0x 010 08 0o7 1.5 " 7" "7 " "  7  " "7 8" $'7\t' $'\t7'
        99999999999999999999999 18446744073709551615 18446744073709551616
        9223372036854775807 9223372036854775808 4294967296 2147483648 -2147483648
        max MAX " max" "max " maximum -max abc "" "$(printf 'x%.0s' {1..40})"
        $'\x01' $'\xff\xfe')
# the last two are printed by name (bytes that are not text)
NAMES=([${#VALUES[@]}-2]='\x01' [${#VALUES[@]}-1]='\xff\xfe')

# write each value (without and with a trailing newline), print the outcome
matrix() {
    local f=$1 i v orig msg rc nl
    orig=$(rd "$f" 2>/dev/null)
    orig=${orig%%|*}
    for i in "${!VALUES[@]}"; do
        v=${VALUES[i]}
        for nl in '' '\n'; do
            msg=$( { printf "%s$nl" "$v" > "$f"; } 2>&1 )
            rc=$?
            printf '%s [%s%s] rc=%s %s => %s\n' "$f" "${NAMES[i]-$v}" "${nl:+\\n}" "$rc" \
                "${msg##*: }" "$(back "$f")"
        done
    done
    # put the first line back (so later files see the boot state)
    msg=$( { printf '%s\n' "$orig" > "$f"; } 2>&1 )
    printf '%s restore rc=%s %s\n' "$f" "$?" "${msg##*: }"
}

PIDWORDS=(-1 abc "" 99999999 99999999999999999999999 2147483648 0x7fffffff "1 2")
pids() {
    local f=$1 v msg
    for v in "${PIDWORDS[@]}"; do
        msg=$( { printf '%s\n' "$v" > "$f"; } 2>&1 )
        printf '%s [%s] rc=%s %s\n' "$f" "$v" "$?" "${msg##*: }"
    done
}

for d in probe .; do
    echo "== $V writes $d"
    for f in $(ours $d); do
        case ${f##*/} in
            cgroup.procs|cgroup.threads|tasks) pids "$f" ;;
            # root: every value would reclaim the whole machine (its outcome is a race)
            memory.reclaim) [ "$d" = probe ] && matrix "$f" ;;
            *)
                case $(stat -c %a "$f") in
                    2*|6*) matrix "$f" ;;
                    *)
                        msg=$( { printf '0\n' > "$f"; } 2>&1 )
                        printf '%s read-only rc=%s %s\n' "$f" "$?" "${msg##*: }" ;;
                esac ;;
        esac
    done
done

# a command's exit status and strerror (the text after its message's last ": ")
try() {
    local out rc
    out=$("$@" 2>&1)
    rc=$?
    echo "$* => rc=$rc ${out##*: }"
}

echo "== $V kernfs"
try mkdir probe
try mkdir probe/memory.stat
try mkdir probe/memory.stat/x
try mkdir missing/x
try rmdir probe/memory.stat
try rmdir missing
try rm probe/memory.stat
try rm -f probe/memory.stat
msg=$( { : > probe/newfile; } 2>&1 ); echo "create => rc=$? ${msg##*: }"
msg=$( { : > probe/memory.stat/x; } 2>&1 ); echo "create under a file => rc=$? ${msg##*: }"
msg=$( { : > probe; } 2>&1 ); echo "write a directory => rc=$? ${msg##*: }"
msg=$( { read -r l < probe/memory.stat/x; } 2>&1 ); echo "read under a file => rc=$? ${msg##*: }"
try mkdir probe/sub
try rmdir probe
try mv probe/sub probe/sub2
try mv probe/sub2 sub3
try mv probe/memory.stat probe/memory.x
ls -1 probe | grep -v '\.' 
try rmdir probe/sub2 probe/sub
if [ $V = v2 ]; then
    echo 1 > probe/cgroup.max.descendants
    try mkdir probe/a
    try mkdir probe/b
    echo 1 > probe/cgroup.max.depth
    try mkdir probe/a/b
    echo 0 > probe/cgroup.max.depth
    try mkdir probe/c
    echo max > probe/cgroup.max.depth; echo max > probe/cgroup.max.descendants
    try mkdir probe/a/b
    try rmdir probe/a/b probe/a
fi
try rmdir .
try rmdir $C

echo "== $V shapes after a workload"
sh -c 'echo $$ > probe/cgroup.procs; head -c 3000000 /dev/zero > /tmp/probe-file; exec sleep 30' &
while [ "$(stat -c %s /tmp/probe-file 2>/dev/null)" != 3000000 ]; do sleep 0.1; done
shapes probe
kill $!
wait
shapes probe
shapes .
rm /tmp/probe-file
rmdir probe/*/* probe/* probe 2>/dev/null
echo "== done"
