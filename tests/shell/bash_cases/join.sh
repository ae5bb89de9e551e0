# coreutils join: pairs on a field, unpairables, -o lists and auto, -t, -i, --header,
# order warnings as lines are read, the old -j1/-o operand forms, errors
printf '1 a\n1 b\n2 c\n4 d\n' > j1; printf '1 x\n1 y\n3 z\n4 w v\n' > j2
join j1 j2; join -a1 -a2 j1 j2; join -v1 j1 j2; join -v2 -e NA -o 0,1.2,2.2 j1 j2
join -a1 -e - -o auto j1 j2; join -t, -1 2 -2 1 <(printf 'a,1\nb,2\n') <(printf '1,x\n2,y\n')
join -i <(printf 'A 1\nb 2\n') <(printf 'a x\nB y\n'); join --header <(printf 'K V\n1 a\n') <(printf 'K W\n1 x\n')
printf '1 a\n3 b\n2 c\n' > u1; join u1 j2; echo "rc=$?"; join --check-order u1 j2; echo "rc=$?"
join --nocheck-order u1 j2; echo "rc=$?"; join -j1 2 j1 j2; join -o 1.1 2.2 j1 j2
join -z <(printf '1 a\0002 b\000') <(printf '1 x\0002 y\000') | tr '\0' '\n'
join -t '' <(printf 'ab\nc\n') <(printf 'ab\nd\n'); printf '1 q\n' | join - j2
join; echo "rc=$?"; join j1 j2 j3; echo "rc=$?"; join -1 0 j1 j2; join -o 3.1 j1 j2; join nope j2; echo "rc=$?"
