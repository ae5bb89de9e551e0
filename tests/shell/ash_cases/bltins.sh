# the ash family's test/[, printf and kill (busybox sh's applets; dash's own: bltin/test.c,
# bltin/printf.c, jobs.c killcmd), umask, getopts, command, unset/export/readonly, ulimit (dash_cases' link)
[ a == a ]; echo "rc=$?"
[ a = a ]; echo "rc=$?"
test 1 -eq x; echo "rc=$?"
test 99999999999999999999 -eq 1; echo "rc=$?"
test -t x; echo "rc=$?"
[ a -a ]; echo "rc=$?"
[ a = a -o ]; echo "rc=$?"
[ a b ]; echo "rc=$?"
[ -z a b ]; echo "rc=$?"
[ ! -n "" ]; echo "rc=$?"
[ ! ! a ]; echo "rc=$?"
[ \( -n a \) -a \( -z "" \) ]; echo "rc=$?"
[ -d / -a -f /nonexistent ]; echo "rc=$?"
test 2 -gt 1 -a 3 -lt 4; echo "rc=$?"
test; echo "rc=$?"; [ ]; echo "rc=$?"; [; echo "rc=$?"; [ a ] ]; echo "rc=$?"
test \( \); echo "rc=$?"; test \( a; echo "rc=$?"; test " 1" -eq 1; echo "rc=$?"
test "1 " -eq 1; echo "rc=$?"; test -v x; echo "rc=$?"
printf '%d\n' abc 12abc 99999999999999999999; echo "rc=$?"
printf '%q\n' a; echo "rc=$?"
printf; echo "rc=$?"
printf 'abc%'; echo " rc=$?"
printf '%ld\n' 5; echo "rc=$?"
printf -v x y; echo "rc=$?"
printf '\x41|\e|\101\0101\n'
printf '%5.2s|%-3c|%+d|% d|%05d\n' abc xyz 5 5 42
printf '%#x %#o %#X %#o\n' 0 0 255 8
printf '%u %o %x\n' -1 -1 -1
printf '%d %d\n' 0x1f 010 "'A" '"B' " 7" "7 "; echo "rc=$?"
printf '%*d|%.*f|%-*s|\n' 5 3 2 3.14159 -4 ab
printf '%s-%s\n' a b c
printf '%b|\n' 'a\0101b' '\101' 'x\cy' z; echo
printf '%e %g %f %a\n' 1.5 1e10 abc 1.5
kill; echo "rc=$?"
kill -l | tr '\n' ' '; echo
kill -l 9 137; kill -l 0; echo "rc=$?"
kill -l TERM; echo "rc=$?"
kill -s; echo "rc=$?"; kill -9; echo "rc=$?"; kill abc; echo "rc=$?"
kill 999999; echo "rc=$?"
kill -FOO 1; echo "rc=$?"; kill -s FOO 1; echo "rc=$?"; kill -SIGTERM 1; echo "rc=$?"
kill %1; echo "rc=$?"; jobs %1; echo "rc=$?"; wait %1; echo "rc=$?"
sleep 1 & kill %1; echo "rc=$?"; wait
kill -0 $$; echo "rc=$?"
umask 999; echo "rc=$?"; umask abc; echo "rc=$?"; umask a+q; echo "rc=$?"
umask 1234; umask; umask 022
getopts; echo "rc=$?"; getopts a; echo "rc=$?"
command -v; echo "rc=$?"; command -v nosuch; echo "rc=$?"
command -V nosuch cd; echo "rc=$?"; command -vV cd; echo "rc=$?"; command -x ls; echo "rc=$?"
(unset -v 1x; echo not reached); echo "rc=$?"
unset -f 1x; echo "rc=$?"
(unset 'a[1]'; echo not reached); echo "rc=$?"
(export 1x=2; echo not reached); echo "rc=$?"
(readonly 1x=3; echo not reached); echo "rc=$?"
ulimit -x; echo "rc=$?"; ulimit -w; echo "rc=$?"; ulimit -r; ulimit -H -t
