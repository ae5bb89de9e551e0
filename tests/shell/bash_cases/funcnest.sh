# FUNCNEST: past it bash discards the whole top-level command (a subshell ends);
# without it, functions nest as deep as the stack holds (the model: as deep as its own)
FUNCNEST=5
f() { echo in $1; f $(( $1 + 1 )); echo back $1; }
g() { f 1; echo g-after; }
h() { local FUNCNEST=2; f 1; }
t() { n=$((n + 1)); if [ $n -lt 8 ]; then t; fi; }
( f 1; echo rc $? ); echo sub $?
( g; echo status $? ); echo sub $?
x=$(f 1); echo cs $? "$x"
f 1 | cat; echo pipe $?
for v in 0 -3 abc ' 4' 6x 7; do
  ( FUNCNEST=$v; n=0; t; echo "FUNCNEST='$v' n=$n" )
done
unset FUNCNEST
n=0
deep() { n=$((n + 1)); if [ $n -lt 400 ]; then deep; fi; }
deep
echo depth $n
FUNCNEST=5
f 1; echo rc $?
echo next
h; echo local $?
echo end
