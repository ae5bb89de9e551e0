# bc answers each complete statement of its standard input as it comes (a coprocess's
# question before the next), statements over several lines, comments, continuations
coproc BC { bc -l; }
echo '6*7' >&"${BC[1]}"; read -r ans <&"${BC[0]}"; echo "$ans"
echo 'scale=3; 10/3' >&"${BC[1]}"; read -r ans <&"${BC[0]}"; echo "$ans"
echo 'define f(x) {' >&"${BC[1]}"; echo 'return x*2 }' >&"${BC[1]}"; echo 'f(21)' >&"${BC[1]}"; read -r ans <&"${BC[0]}"; echo "$ans"
exec {BC[1]}>&-; wait
printf '1+\\\n2\n/* multi\nline */ 3*3\n"str"\n4 +\n' | bc 2>&1
printf 'a=5\nb=a*2\nb\nquit\nb+1\n' | bc
echo '1/0' | bc 2>&1; printf '2\n(3\n' | bc 2>&1
seq 1 100 | paste -sd+ | bc
