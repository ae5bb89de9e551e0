# tests/conformance/scripts/fault-shell-strings.sh's worker: a 300000-byte value from
# a command substitution, unset, again, unset; the heap's extent after each
st() { /usr/bin/busybox awk -v s="$1" '/\[heap\]/ { print s, $1 }' /proc/$$/maps >&2; }
v=$(head -c 300000 /dev/zero | tr "\0" a); st v
unset v; st unset
v=$(head -c 300000 /dev/zero | tr "\0" b); st again
unset v; st unset2
