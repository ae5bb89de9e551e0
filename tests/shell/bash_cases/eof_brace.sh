# an unterminated ${: the line it opened on
echo a
echo ${x
y
z
