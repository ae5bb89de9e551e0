# coreutils 9.1 shuf (shell/commands/shuf.py): gnulib's randint/randperm on a fixed --random-source
d=$(mktemp -d) && cd "$d" || exit
seq 1 3000 > rs; printf '\1\2\3\4\5\6\7\10' > rs2
seq 10 | shuf --random-source=rs | tr '\n' ' '; echo
shuf -i 1-20 -n 5 --random-source=rs | tr '\n' ' '; echo
seq 100 | shuf -n 3 --random-source=rs | tr '\n' ' '; echo
seq 100 > f; shuf -n 3 --random-source=rs f | tr '\n' ' '; echo
shuf -e a b c d --random-source=rs; shuf -r -n 5 -e x y z --random-source=rs | tr '\n' ' '; echo
shuf -i 1000000-2000000 -n 4 --random-source=rs | tr '\n' ' '; echo
seq 1000 | shuf --random-source=rs | md5sum; shuf -i 0-65535 --random-source=rs | md5sum
seq 5 | shuf --random-source=rs2; echo rc=$?; seq 3 | shuf -n 1 --random-source=rs2; echo rc=$?
shuf -i 5-3; echo rc=$?; shuf -i 5-4; echo rc=$?; shuf -i x; echo rc=$?; shuf -n x; echo rc=$?
shuf -e -i 1-2; echo rc=$?; shuf a b; echo rc=$?; shuf nofile; echo rc=$?
printf 'a\nb' | shuf --random-source=rs; shuf --random-source=/dev/null -i 1-3; echo rc=$?
shuf -n 0 -i 1-3; echo rc=$?; shuf -r -i 1-3 --random-source=/dev/null -n 2; echo rc=$?
printf 'a\0b\0c\0' | shuf -z --random-source=rs | od -c; shuf -o out -e 1 2 3 --random-source=rs; cat out
shuf -n 2 -n 1 -i 1-9 --random-source=rs; shuf -r -e q -n 3
cd / && rm -rf "$d"
