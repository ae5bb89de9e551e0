# util-linux hexdump and vim's xxd (shell/commands/hexdump.py)
d=$(mktemp -d) && cd "$d" || exit
printf 'hello\nworld\n' | hexdump -C; : | hexdump -C; echo rc=$?; head -c 64 /dev/zero | hexdump -C
printf 'abc' | hexdump; printf 'hello\nworld\n' | hexdump; hexdump -C nof; echo rc=$?; seq 20 | hexdump
printf 'abcdefghijklmnopqrstuvwxyz' > hx; hexdump -C -n 5 -s 2 hx; hexdump -C -s 20 hx; hexdump -C -n 0 hx; echo rc=$?
hexdump -C hx nof; echo rc=$?; printf 'a\200\177\037~ ' | hexdump -C
head -c 48 /dev/zero > z; printf 'x' >> z; cat z z | hexdump -C
printf 'hello\nworld\n' | xxd; printf 'hello\nworld\n' | xxd -p; head -c 40 /dev/zero | xxd -p; echo 68656c6c6f0a | xxd -r -p
xxd nof; echo rc=$?; : | xxd; echo rc=$?; head -c 64 /dev/zero | xxd; printf 'hello' | xxd -l 3 -s 1
printf 'hello world' | xxd -c 4 -g 1; printf 'hello world!' | xxd -u -g 4; xxd hx out; cat out; xxd -p hx | xxd -r -p
cd / && rm -rf "$d"
