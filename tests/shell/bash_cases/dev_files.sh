# /dev/urandom and /dev/random give bytes without end
head -c 16 /dev/urandom | wc -c
head -c 16 /dev/random | wc -c
a=$(head -c 32 /dev/urandom | od -An -tx1); b=$(head -c 32 /dev/urandom | od -An -tx1)
[ "$a" != "$b" ] && echo differ
tr -dc 'a-z' < /dev/urandom | head -c 10 | wc -c
test -c /dev/urandom && test -c /dev/random && echo char
# the programs are files in /bin and /usr/bin
ls /bin | grep -qx cat && echo has-cat
ls /usr/bin | grep -qx sed && echo has-sed
test -x /usr/bin/awk && test -f /bin/awk && echo exe
/bin/echo direct
/usr/bin/printf '%s\n' direct2
# NUL bytes: $(...) drops them with a warning, read silently
x=$(head -c 10 /dev/zero); echo "${#x}"
x=$(printf 'a\0b'); echo "$x"
printf 'a\0b\n' | { read -r y; echo "[$y]"; }
printf 'a\0b\0' | { read -r -d '' y; echo "[$y]"; }
read -r -d '' z < /dev/zero; echo "$? [$z]"
printf 'ab\ncd' | { read -r -n 3 x; echo "[$x]"; read -r -n 0 y; echo "$? [$y]"; }
read -r -n 0 x < /dev/zero; echo "$? [$x]"
# read from /dev/zero with a delimiter that never comes: it spins until killed
read -r x < /dev/zero & sleep 0.3; kill $!; wait $!; echo $?
read -r -n 3 x < /dev/zero & sleep 0.3; kill $!; wait $!; echo $?
