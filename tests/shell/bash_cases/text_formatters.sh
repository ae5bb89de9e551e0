# fold, expand, strings, tty, mknod as coreutils 9.1 and binutils run them (commands/textfmt.py)
printf 'hello world this is a long line\n\tab\tc d\nx\n' > ft; printf 'abc\0defgh\0\001ijklmnop\nqrst\377uvwx' > fb; printf 'ab\tcdef\001xy\tz\nwwww\n' > fc
fold -w 7 ft; fold -s -w 7 ft; fold -b -w 5 ft | head -2; fold -w 0 ft; echo "w0 $?"; fold -w x ft; echo "wx $?"; fold nope; echo $?
expand ft; expand -t 3 ft; printf 'a\tb\tc\td\n' | expand -t 2,5; echo "ex $?"; printf '\ta\tb\n' | expand -i; printf 'a\bb\tc\n' | expand
strings fb; strings -n 3 fb; strings -o fb; strings fc; strings -t x -n 2 fb; strings -f fb fc; strings -n 0 fb; echo "n0 $?"
tty; echo "tty $?"; tty -s; echo "tty -s $?"
mkfifo p1; ls -l p1 | cut -c1; echo x | fold -w 1 -; cat ft | strings -f
fold -3 ft | head -3; printf "abcdef\n" | fold -b2
printf "abcdef\n" | fold -2b; echo $?; fold -- -x; echo $?
mknod p1 p; echo "st $?"; ls -l p1 | cut -c1-10; mknod p1 p; echo "st $?"
mknod -m 600 p2 p; ls -l p2 | cut -c1-10; umask 077; mknod p3 p; ls -l p3 | cut -c1-10
mknod p4 p 1 2; echo "st $?"; mknod p5; echo "st $?"; mknod; echo "st $?"
echo hi > p1 & cat p1; wait
