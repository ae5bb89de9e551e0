# declare -l/-u; IFS set at start-up (old=$IFS ... IFS=$old restores splitting); ${x:?} in a subshell ends only it
declare -lx a=B; declare -p a; declare -ur b=x; declare -p b; declare -u c; c=abc; c+=def; echo $c; declare -l d=ABC; d+=XY; echo $d; declare -u e=1; declare -l e; e=QQ; echo $e; declare +l e; e=QQ; echo $e
f() { local -u lu=abc; echo $lu; lu+=x; echo $lu; }; f
echo "[$IFS]" | od -c | head -2
old=$IFS; IFS=:; x="a:b"; set -- $x; echo $#; IFS=$old; y="c d e"; set -- $y; echo $#
declare -p IFS
unset IFS; set -- $y; echo $#
IFS=x env | grep -c IFS
cv() { : "${1:?need an argument}"; echo "got $1"; }
(cv) 2>&1; echo "st=$?"
( : "${zz:?unset zz}" ); echo "st2=$?"
x=$(cv); echo "st3=$? [$x]"
echo "end"
