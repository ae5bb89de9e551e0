# coreutils 9.1 md5sum & co (shell/commands/sums.py): digests, names escaped and quoted, -c
d=$(mktemp -d) && cd "$d" || exit
printf 'hello\n' > a; printf 'x' > 'we ird'; printf 'y' > 'b\c'; printf 'z' > "$(printf 'n\nl')"; mkdir d
md5sum a 'we ird' 'b\c' "$(printf 'n\nl')" nofile d - < a; echo rc=$?
md5sum --tag a -  < a; md5sum -b a; md5sum -z a | od -c | tail -2
md5sum a > s; echo corrupt >> s; printf '%s\n' "d41d8cd98f00b204e9800998ecf8427e  nofile" >> s
md5sum -c s; echo rc=$?; md5sum -c --quiet s; echo rc=$?; md5sum -c --status s; echo rc=$?
echo junk > j; md5sum -c j; echo rc=$?; md5sum -c --strict s; echo rc=$?; md5sum -c --ignore-missing s; echo rc=$?
md5sum -w -c s; echo rc=$?; md5sum -x; echo rc=$?; md5sum --tag -c s; echo rc=$?
sha256sum --tag a | sha256sum -c; echo rc=$?; md5sum -c nofile; echo rc=$?
b2sum -l 8 a; b2sum -l 7 a; echo rc=$?; b2sum -l 1024 a; echo rc=$?; b2sum -l x a; echo rc=$?; b2sum --tag -l 256 a
md5sum a | tr a-f A-F | md5sum -c; echo rc=$?; md5sum a | sed 's/a$/A/' | tr a-f A-F | sed 's/ A$/ a/' | md5sum -c; echo rc=$?
md5sum "$(printf 'n\nl')" 'b\c' | md5sum -c; echo rc=$?
printf '# comment\n\nb1946ac92492d2347c6235b4d2611184  a\n' | md5sum -c -; echo rc=$?
printf 'b1946ac92492d2347c6235b4d2611184  a\r\n' | md5sum -c; echo rc=$?
printf 'b1946ac92492d2347c6235b4d2611184 a\n' | md5sum -c; echo rc=$?
printf 'b1946ac92492d2347c6235b4d2611184  nofile\n' | md5sum -c --ignore-missing; echo rc=$?
printf 'MD5 (a) = b1946ac92492d2347c6235b4d2611184\nSHA1 (a) = f572d396fae9206628714fb2ce00f72e94f2258f\n' | md5sum -c; echo rc=$?
printf 'b1946ac92492d2347c6235b4d2611185  a\nb1946ac92492d2347c6235b4d2611185  a\n' | md5sum -c; echo rc=$?
printf 'x  a\n' | md5sum -c --strict; echo rc=$?; md5sum -c --quiet --status /dev/null; echo rc=$?
echo | md5sum --status; echo rc=$?; printf 'b1946ac92492d2347c6235b4d2611184  d\n' | md5sum -c; echo rc=$?
printf 'b1946ac92492d2347c6235b4d2611184 *a\n' | md5sum -c; echo rc=$?
printf 'b1946ac92492d2347c6235b4d2611184 a\nb1946ac92492d2347c6235b4d2611184  a\n' | md5sum -c; echo rc=$?
printf 'b1946ac92492d2347c6235b4d2611184  a\nb1946ac92492d2347c6235b4d2611184 a\n' | md5sum -c; echo rc=$?
for p in sha1sum sha224sum sha256sum sha384sum sha512sum b2sum; do $p a; echo hi | $p; done
sha1sum -c s; echo rc=$?
md5sum --tag -b a; echo rc=$?; md5sum --tag -t a; echo rc=$?; md5sum -c -b s; echo rc=$?
cd / && rm -rf "$d"
