# coreutils 9.1 nl and util-linux rev (shell/commands/numbering.py)
d=$(mktemp -d) && cd "$d" || exit
printf 'hello\nworld\n' > c1; printf 'a\n\nb\n' > c2
printf 'a\n\nb\n' | nl | cat -A; printf 'a\n\nb' | nl -ba -nln -w3 -s: | cat -A
printf 'a\nb\n' | nl -nrz -v 5 -i 2; nl nof; echo rc=$?; nl -b x; echo rc=$?; nl -w 0 c1; echo rc=$?
printf 'foo\nbar\n' | nl -bpf; nl -n xx c1; echo rc=$?; nl c1 c2; nl -bn c1; seq 3 | nl -v -1 -nrz -w3
printf 'ab\ncd' | rev | od -c; rev nof; echo rc=$?; rev c1 nof c2; echo rc=$?; rev < c1; seq 8 12 | rev
cd / && rm -rf "$d"
