# GNU diffutils 3.8 diff (shell/commands/compare.py): normal and unified hunks, statuses, messages
d=$(mktemp -d) && cd "$d" || exit
seq 20 > a; seq 20 | sed -e '3d' -e 's/^10$/ten/' -e '15a\
new' > b; printf 'x\ny' > c; printf 'x\nz\n' > e; : > empty; mkdir dd; cp a dd/a
diff a b; echo rc=$?; diff a a; echo rc=$?; diff -u a b | tail -n +3; echo rc=$?
diff -U 1 a b | tail -n +3; diff -U0 a b | tail -n +3; diff --label A --label B -u a b
diff c e; diff -u c e | tail -n +3; diff empty a | head -3; diff -u a empty | tail -n +3 | head -3
diff -u empty empty; echo rc=$?; diff -q a b; echo rc=$?; diff -s a a; echo rc=$?; diff -s a b > /dev/null; echo rc=$?
printf 'a\0b' > bin1; printf 'a\0c' > bin2; diff bin1 bin2; echo rc=$?; diff -a bin1 bin2 | od -c | head -3
diff; echo rc=$?; diff a; echo rc=$?; diff a nof; echo rc=$?; diff a b c; echo rc=$?; diff --bogus; echo rc=$?
diff a dd; echo rc=$?; diff dd/a b > /dev/null; echo rc=$?; seq 5 | diff - a | head -2; diff -U x a b; echo rc=$?
printf 'a\nb\nc\na\nb\nc\n' > r1; printf 'a\nb\nc\n' > r2; diff r1 r2; diff r2 r1; diff -u r1 r2 | tail -n +3
cd / && rm -rf "$d"
