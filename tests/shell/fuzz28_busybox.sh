# session 28's fuzz scripts for the busybox userland: the applets memcg scripts use,
# each set in its own subshell (tests/shell/test_busybox.py: host bash, busybox's applets)
( # b01.sh
cd "$(mktemp -d)"
printf 'anon 100\nfile 200\nslab 50\n' > ms; awk '$1=="file"{print $2}' ms; grep -c . ms; cut -d' ' -f2 ms | sort -n | head -1; sed -n '2p' ms; wc -l < ms; tr a-z A-Z < ms | head -1
); echo "rc=$?"
( # b02.sh
cd "$(mktemp -d)"
seq 5 | paste -sd' ' 2>&1; seq 3 | tac 2>&1; printf 'b\na\nb\n' | sort -u; printf 'x\ny\n' | nl 2>&1; echo hello | rev; echo abc | od -c | head -1
); echo "rc=$?"
( # b03.sh
cd "$(mktemp -d)"
mkdir -p d/e; touch d/f d/e/g; find d -type f | sort; find d -name 'g' -exec echo found {} \; ; du -s d | cut -f2; ls d
); echo "rc=$?"
( # b04.sh
cd "$(mktemp -d)"
printf 'k=v\n' > c; . ./c; echo $k; expr 3 + 4; expr length hello; expr substr hello 2 3; basename /a/b/c.txt .txt; dirname /a/b/c
); echo "rc=$?"
( # b05.sh
cd "$(mktemp -d)"
echo "a,b;c" | tr ',;' '  '; echo '  x  ' | sed 's/^ *//;s/ *$//'; printf '1\n2\n3\n4\n' | sed -n '2,3p'; printf 'a\n' | sed 'a\after'; printf 'x\n' | sed 'i\before'
); echo "rc=$?"
( # b06.sh
cd "$(mktemp -d)"
printf 'line1\nline2\nline3\n' > f; head -n 2 f; tail -n 1 f; tail -c 6 f; head -c 3 f; echo; grep -n line2 f; grep -v line2 f | wc -l
); echo "rc=$?"
( # b07.sh
cd "$(mktemp -d)"
x=$(printf '%s\n' 5 10 3 | sort -n | tail -1); echo $x; printf '%s\n' 5 10 3 | sort -rn | xargs echo; echo 1 2 3 | xargs -n1 | wc -l
); echo "rc=$?"
( # b08.sh
cd "$(mktemp -d)"
printf 'a:1\nb:2\n' | awk -F: '{s+=$2} END{print s, NR}'; printf 'a b\n' | awk '{print NF; $3="c"; print; print NF}'; awk 'BEGIN{printf "%s %5.1f\n", "x", 3.14159}'
); echo "rc=$?"
( # b09.sh
cd "$(mktemp -d)"
stat -c '%s %n' /dev/null 2>&1; test -c /dev/null && echo chr; ls -ld /tmp | cut -c1; readlink -f /tmp/../tmp; realpath /tmp/. 2>&1
); echo "rc=$?"
( # b10.sh
cd "$(mktemp -d)"
printf 'hello\n' | md5sum; printf 'hello\n' | sha1sum; printf 'x' | base64; echo eA== | base64 -d; echo; printf 'abc' | wc -c
); echo "rc=$?"
( # b11.sh
cd "$(mktemp -d)"
seq -w 8 11; seq -s, 3; seq 10 -3 1; printf '%s\n' 3 1 2 | sort -r; echo "b a" | tr ' ' '\n' | sort
); echo "rc=$?"
( # b12.sh
cd "$(mktemp -d)"
echo 'a b c' | cut -d' ' -f1,3; echo abcdef | cut -c2-4; echo abcdef | cut -b-2; printf 'x\ty\n' | cut -f2; echo 'a:b' | cut -d: -f3
); echo "rc=$?"
( # b13.sh
cd "$(mktemp -d)"
printf 'a\na\nb\n' | uniq -c; printf 'a\nb\na\n' | uniq -d; printf '1\n2\n' | tee t.out | wc -l; cat t.out
); echo "rc=$?"
( # b14.sh
cd "$(mktemp -d)"
dd if=/dev/zero of=z bs=512 count=4 2>&1; ls -l z | awk '{print $5}'; truncate -s 100 z; wc -c < z; cmp z /dev/null 2>&1; echo "rc=$?"
); echo "rc=$?"
( # b15.sh
cd "$(mktemp -d)"
printf 'one two\nthree\n' | wc; printf 'one two\nthree\n' | wc -w; echo | wc -l; printf '' | wc -c; date -d @0 +%Y 2>&1 | head -1
); echo "rc=$?"
( # b16.sh
cd "$(mktemp -d)"
printf 'x1\nx2\ny1\n' | grep -E '^x[0-9]$' | wc -l; printf 'Foo\n' | grep -i foo; printf 'a.b\n' | grep -F '.'; printf 'ab\n' | grep -o b; printf 'a\n' | grep -q a && echo q
); echo "rc=$?"
( # b17.sh
cd "$(mktemp -d)"
printf '3 c\n1 a\n2 b\n' | sort -k1,1n | awk '{print $2}' | tr -d '\n'; echo; printf 'b 2\na 10\n' | sort -t' ' -k2n
); echo "rc=$?"
( # b18.sh
cd "$(mktemp -d)"
mkdir -p a/b; echo x > a/b/f; cp -r a c; ls c/b; mv c d2; ls; rm -r d2 a; ls | wc -l; ln -s nowhere dangling; ls -l dangling | cut -c1
); echo "rc=$?"
