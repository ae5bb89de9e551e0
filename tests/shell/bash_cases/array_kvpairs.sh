# ${a[@]@K}: an indexed array's pairs joined by a space, an associative array's each ending in one
declare -a ar=(x "y z")
echo "[${ar[@]@K}]"
declare -A as=([k]=v [j]="w x")
echo "[${as[@]@K}]"
echo "[${ar[*]@K}]" "[${as[*]@K}]"
echo "[${ar@K}]" "[${ar[1]@K}]"
s=abc
echo "[${s@K}]"
e=()
echo "[${e[@]@K}]"
