# a simple command's line: the parser's line_number as it reduces the first word,
# the token after it read (make_bare_simple_command)
printf "%d\n" "x
y"
echo $LINENO "a
b" $LINENO
echo \
 $LINENO
x=$LINENO"
"; echo "$x"
f() { echo $LINENO; }; f
echo \
  $LINENO > /dev/null; echo $LINENO
> /dev/null echo \
 $LINENO
echo a \
; echo $LINENO
ls /nonexistent_zz \
  2>/dev/null; echo "st $? $LINENO"
cd /nonexistent_q \
 ; echo
  
