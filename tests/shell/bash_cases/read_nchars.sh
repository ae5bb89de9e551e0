# read -N NCHARS: exactly that many characters, newlines and the delimiter read as
# data, no field splitting; -n and -N refuse what is not a number
read -N 5 a b <<< "ab cdef"; echo "[$a][$b]"
read -N 4 x <<< $'a\nbcd'; echo "[$x]"
printf "ab" | { read -N 5 y; echo "rc=$? [$y]"; }
read -N 3 -d x z <<< "axbc"; echo "[$z]"
read -rN 2 w <<< "\\n"; echo "[$w]"
read -n x v <<< a; echo "rc=$?"; read -N -1 v <<< a; echo "rc=$?"
read -n 3 v <<< "abcdef"; echo $v; read -d , v <<< "a,b"; echo $v
