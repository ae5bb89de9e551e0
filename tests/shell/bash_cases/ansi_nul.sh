# $'...' is a C string: it ends at the first NUL it makes
echo $'a\x00b' | od -c | head -1
x=$'a\x00b'; echo ${#x}; y=$'p\0q'r; echo $y; z=$'\c@zz'; echo "[$z]"
v='a\x00b'; echo "${v@E}" | od -c | head -1
