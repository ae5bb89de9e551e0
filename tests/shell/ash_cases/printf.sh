# busybox sh's printf and echo are the applets' (coreutils/printf.c, echo.c:
# commands/bbprintf.py), as is `busybox printf`
printf '%d|%s|%c|\n'; echo "rc=$?"
printf '%05d|%-5s|%+d|% d|%#x|%#o|%#x\n' 42 ab 3 4 255 8 0
printf '%d\n' abc 12abc 0x1f 010 ' 7' -3 \'A +5 99999999999999999999; echo "rc=$?"
printf '%i %u %o %X\n' -1 -1 8 255
printf '%*d|%.*f|%5.2s|%.3d\n' 4 7 2 3.14159 abcdef 5
printf '%f %e %g\n' 1.5 abc 2; echo "rc=$?"
printf 'a\qb\x41\101\0101|\n'
printf '%b|\n' 'a\tb\0101\c' x; echo
printf 'x\c' yy; echo
printf '%s %s\n' a b c
printf 'a%zq\n'; echo "rc=$?"
printf '%ld %hd\n' 1 2
printf; echo "rc=$?"
printf -v v %s hi; echo "[$v]"
echo -- -n; echo -e 'a\0101\x41\101\c b'; echo
echo -ez q; echo -e '\u00e9'; echo -E 'a\tb'; echo -n; echo end
busybox printf '%d %q\n' abc x; echo "rc=$?"
busybox printf 2>&1 | head -3
busybox echo -e 'a\101'
