# arithmetic constants as expr.c strlong reads them: 0x, 0, BASE#DIGITS, and their errors
for e in '12abc' '0x1g' '09' '2#102' '1_0' '0x' '0#1' '1#1' '65#1' '2#' '64#@_' '36#zZ' '37#zZ' '0xFF' '017' '10#08' '1e3' '3 +4' '0' '00'; do
  ( echo "$e -> $(( $e ))" )
done 2>&1
echo $(( 2#1010 + 16#ff + 8#17 ))
