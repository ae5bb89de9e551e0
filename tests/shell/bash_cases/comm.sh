# coreutils comm: three columns, suppressed ones, delimiters, totals, order checks
printf 'a\nc\nd\n' > c1; printf 'b\nc\ne\n' > c2
comm c1 c2; comm -12 c1 c2; comm -3 c1 c2; comm --output-delimiter=: c1 c2; comm --total -3 c1 c2
printf 'b\na\n' > c3; comm c3 c2; echo "rc=$?"
comm --nocheck-order c3 c2; echo "rc=$?"; comm --check-order c3 c3; echo "rc=$?"
printf 'a\nb' > n1; comm n1 c2 < /dev/null; comm c1 nope; echo "rc=$?"; comm c1; echo "rc=$?"
