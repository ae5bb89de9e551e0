# FIFOs (fs/fifo.py, shell/commands/links.py): mkfifo, blocking opens, EOF at the last writer
d=$(mktemp -d) && cd "$d" || exit
mkfifo f; echo rc=$?; mkfifo f; echo rc=$?; mkfifo; echo rc=$?; mkfifo nod/x; echo rc=$?
mkfifo -m 600 g; stat -c '%A %F %s' f g; [ -p f ]; echo p=$?; [ -f f ]; echo f=$?
mkfifo -m u+x h; echo rc=$?; mkfifo -m 999 i; echo rc=$?; stat -c %A h
(sleep 0.1; echo done > f) & read x < f; echo "got $x"; wait
(echo one; echo two) > f & cat f; wait
{ echo a; sleep 0.1; echo b; } > f & while read l; do echo "line $l"; done < f; wait
cat f > out & echo hello > f; wait; cat out
(read a < f; echo "child read $a") & echo "to child" > f; wait
exec 3<> g; echo viaRW >&3; read y <&3; echo "y=$y"; exec 3>&-
find . -type p | sort; ls -l f | cut -c1-10
mkfifo lnk_target; ln -s lnk_target viafifo; (echo through-link > viafifo) & cat viafifo; wait
cat f & exec 3>f; echo a >&3; exec 3>&-; wait; echo waited
exec 4<>f; exec 5<f; echo b >&4; read z <&5; echo "z=$z"; exec 4>&- 5<&-
(exec 3>f; echo c >&3; sleep 0.1; echo d >&3) & cat < f; wait
(read a < f; echo "reader got $a") &
(exec 4>f; echo x >&4; sleep 0.2; echo y >&4; echo notreached); echo "rc=$?"; wait
rm f g h lnk_target viafifo; ls
cd / && rm -rf "$d"
