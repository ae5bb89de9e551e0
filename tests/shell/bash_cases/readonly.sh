# readonly / declare -r: the error, the status, what goes on
readonly R=1
R=2
echo "after: $R $?"
R=3 echo prefix $?
R+=x; echo "st $? $R"
declare -r D=5; D=6; echo "D=$D"
unset R; echo "unset st $?"
readonly -p | grep ' R\| D'
f() { local R=9; echo "local $R"; }; f; echo "f st $?"
declare R=4; echo "decl st $?"
readonly A=(1 2); A[1]=3; echo "${A[@]}"
(( R = 7 )); echo "arith $? $R"
read R <<< zz; echo "read $? $R"
for R in a; do echo loop; done; echo "for $?"
export R=8; echo "export $?"
readonly R=10; echo "readonly again $?"
echo end
