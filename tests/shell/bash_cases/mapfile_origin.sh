# mapfile -O ORIGIN: from that index on, the array's other elements kept
a=(x y z w); mapfile -O 1 -t a <<< $'p\nq'; declare -p a; unset b; mapfile -O 3 b <<< "r"; declare -p b
mapfile -O x c < /dev/null; echo "rc=$?"; mapfile -O -1 c < /dev/null; echo "rc=$?"; s=str; mapfile -O 1 s <<< "t"; declare -p s
mapfile -t -O 2 -n 1 -s 1 d <<< $'1\n2\n3'; declare -p d
