# {NAME}>WORD: bash opens WORD on the lowest descriptor free from 10 and puts its
# number in NAME; the descriptor outlives the command; {NAME}>&- closes $NAME
exec {a}>g1; echo "a=$a"
exec {b}>g2 {c}<g1; echo "b=$b c=$c"
echo hi >&$a; cat g1
echo x {d}>g3; echo "d=$d"; echo to-d >&$d; cat g3
exec {a}>&-; echo "closed $?"; echo y >&$a; echo "st=$?"
exec {e}>&1; echo "e=$e"; echo via-e >&$e
exec {e}>&-
unset z; exec {z}>&-; echo "z st=$?"
z=abc; exec {z}>&-; echo "zabc st=$?"
z=99; exec {z}>&-; echo "z99 st=$?"
f() { local q; exec {q}>g4; echo "q=$q"; }; f; echo "q after=[$q]"
sleep 0.1 {s}>/dev/null & jobs; wait
read -r line <&$c; echo "line=[$line]"
readonly r=1; exec {r}>g6; echo "ro st=$?"
exec {1x}>g7; echo "bad st=$?"
