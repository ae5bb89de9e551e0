# Debian's awk (mawk 1.3.4): strtod's numbers, check_strnum, output pipes, its messages
awk 'BEGIN { print "0x1A"+0, "010"+0, 011, 0x10, "inf"+0, -"nan", "0x1p3"+0, 1.5.3 }'
awk 'BEGIN { n = split("0x10 011 inf nan 0x1f 0x1p3 08 12abc 1e3", a); for (i = 1; i <= n; i++) printf "%s:%s:%d ", a[i], a[i] + 0, (a[i] < 2); print "" }'
awk 'BEGIN { print 1/0, -1/0, 0/0, 5%0, log(-1), exp(1000), int("nan") }'
awk 'BEGIN { print "b" | "sort"; print "a" | "sort"; print "own" }'
awk 'BEGIN { print "own"; print "x" | "cat; exit 3"; print close("cat; exit 3"), close("nope"); print "end" }'
printf '3\n1\n2\n' | awk '{ print | "sort -n" } END { print "total", NR }'
awk 'BEGIN { x = 1 +* 2 }'; echo "status $?"
awk '{ print $1'; echo "status $?"
awk 'BEGIN { print "abc
def" }'; echo "status $?"
awk 'BEGIN { print /ab
}'; echo "status $?"
awk 'BEGIN { "echo a; exit 2" | getline x; print x, close("echo a; exit 2"), system("exit 3"), close("none") }'
