# evalcommand: a simple command's redirections, then its assignments expanded inside
# them (bash: the other way round); a readonly's prefix assignment is fatal
x=$(echo sub >&2) 2>/dev/null; echo "1 [$x]"
x=$(echo sub2 >&2; echo v) true 2>/dev/null; echo "2 [$x]"
f() { echo "f [$y]"; }; y=$(echo s >&2; echo w) f 2>/dev/null
z=$(echo ext >&2; echo e) ls /dev/null 2>/dev/null; echo "3 [$z]"
exec 4>&1; y=$(echo to4 >&4) 4>/dev/null; echo "4 [$y]"
x=$(echo a) 3>/nonexistent/f; echo "5 rc=$? [$x]"
r=1; readonly r; r=2 true 2>/dev/null; echo "not reached"
