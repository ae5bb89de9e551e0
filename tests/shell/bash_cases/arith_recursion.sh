# expr.c: values evaluated inside one another up to MAX_EXPR_RECURSION_LEVEL
# (1024 expressions, the command's own the first); an error names the
# expression it arose in (a variable's value), the error token from the name on
for i in $(seq 1 99); do eval "v$i=v$((i+1))"; done; v100=7
echo $((v1))
eval "$(awk 'BEGIN { for (i = 1; i <= 1100; i++) printf "w%d=w%d\n", i, i + 1 }')"; w1101=7
echo $((w1)); echo "not reached"
echo "st $?"; w1100=9; w500=4; echo $((w1 * 2))
a=b; b=a; (( a )); echo "cycle $?"
a='b+0'; b='a+0'; let 'x = a'; echo "let $?"
x='1+'; echo $((x + 2)); echo "not reached"
y='2 3'; (( y * 2 )); echo "st $?"
z='q[1'; (( z )); echo "sub $?"
