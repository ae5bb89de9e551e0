# after a [[ ]] syntax error the parser keeps the [[ state (parser_state's
# PST_CONDEXPR): the next [[ this process parses fails at its first token, and
# that error (yyerror's reset_parser), or any other, clears it
eval "[[ a b ]]"; echo "st $?"
eval "if"; echo "reset $?"
[[ -n x ]] && echo yes
f() { [[ $1 = x ]]; }
eval "[[ a b ]]"
f x; echo "f $?"
eval '[[ z ]]'; echo "ev $?"
[[ y ]] && echo y
eval "[[ a b ]]"
echo mid
if [[ -n x ]]; then echo yes; fi
echo not reached
