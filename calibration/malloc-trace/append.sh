# tests/conformance/scripts/proc-shell-pages.sh's string append, then the heap's size
v=
for i in $(seq 1 200); do v="$v$i-abcdefghijklmnopqrstuvwxyz-"; done
/usr/bin/busybox awk '/\[heap\]/ { print }' /proc/$$/maps >&2
