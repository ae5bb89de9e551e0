# GNU diffutils 3.8 cmp (shell/commands/compare.py)
d=$(mktemp -d) && cd "$d" || exit
printf 'hello\nworld\n' > c1; printf 'hello\nwurld\n' > c2; printf 'hello\n' > c3; : > c4; mkdir dd
cmp c1 c2; echo rc=$?; cmp c1 c1; echo rc=$?; cmp c1 c3; echo rc=$?; cmp c3 c1; echo rc=$?
cmp c4 c1; echo rc=$?; cmp -s c1 c2; echo rc=$?; cmp -l c1 c2; echo rc=$?; cmp -b c1 c2; echo rc=$?
cmp -lb c1 c2; cmp nof c1; echo rc=$?; cmp c1 < c2; echo rc=$?; cmp; echo rc=$?; cmp c1 c2 c3; echo rc=$?
cmp -n 7 c1 c2; echo rc=$?; cmp -i 8 c1 c2; echo rc=$?; cmp c1 - < c2; echo rc=$?; cmp -l c1 c3; echo rc=$?
cmp dd c1; echo rc=$?; cmp --bogus; echo rc=$?; cmp -i 2:3 c1 c2; echo rc=$?
printf '\377\001' > c5; printf '\200\002' > c6; cmp -bl c5 c6; cmp -b c5 c6; cmp -s c1 nof; echo rc=$?
seq 1000 > s1; seq 1000 | sed 's/5/6/' > s2; cmp -l s1 s2 | head -3; cmp s1 s2; cmp c1 c2 2 3; echo rc=$?
cmp -l c4 c1; echo rc=$?; cmp -n 3 c3 c1; echo rc=$?; cmp -i 1 -l c1 c2
cd / && rm -rf "$d"
