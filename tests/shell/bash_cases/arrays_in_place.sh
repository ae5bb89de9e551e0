# Arrays changed in place by the shell that made them, copied after a fork:
# subshells, command substitutions and background jobs see their own copy.
a=()
for i in $(seq 300); do a+=($i); done
echo "${#a[@]} ${a[0]} ${a[-1]} ${a[@]: -2}"
( a+=(sub); a[0]=zero; unset 'a[1]'; echo "sub: ${#a[@]} ${a[0]} ${a[-1]}" )
echo "after sub: ${#a[@]} ${a[0]} ${a[1]} ${a[-1]}"
x=$(a+=(cs); echo "${a[-1]} ${#a[@]}"); echo "cs: $x; ${a[-1]} ${#a[@]}"
{ a[5]=bg; echo "bg: ${a[5]}"; } &
a[5]=fg; wait; echo "fg: ${a[5]}"
# pops from the end, then appends: the highest index follows
for i in 1 2 3; do unset 'a[-1]'; done
echo "popped: ${#a[@]} ${a[-1]}"; a+=(p); echo "${!a[@]}" | tr ' ' '\n' | tail -2 | tr '\n' ' '; echo
# a hole at the end: unset the top when the one below is missing
b=([0]=x [2]=y [7]=z); unset 'b[7]'; b+=(w); echo "b: ${!b[@]} ${b[@]}"
unset 'b[3]'; unset 'b[-1]'; echo "b: ${!b[@]} ${b[-1]}"
c=([3]=only); unset 'c[3]'; c+=(again); echo "c: ${!c[@]}"
# a function's local array shadows the global one
f() { local a=(l1 l2); a+=(l3); a[9]=l9; echo "f: ${a[*]}"; }
f; echo "global: ${#a[@]} ${a[0]}"
# readonly: the append fails, the array stays
r=(1 2); r+=(3); readonly r
r+=(4)
echo "readonly: ${r[*]}"
( r[0]=9 ) 2>/dev/null; echo "readonly: ${r[*]}"
# a name reference to an array
declare -n ref=a2; a2=(1); ref+=(2); ref[5]=6; echo "ref: ${a2[*]} ${!a2[*]}"
# an associative array changed in place, its copy in a subshell
declare -A h; for k in one two three; do h[$k]=$k$k; done
( h[four]=4; unset 'h[one]'; echo "sub: ${#h[@]}" ); echo "h: ${#h[@]} ${h[one]}"
h[two]+=2; unset 'h[three]'; echo "h: ${#h[@]} ${h[two]}"
# a scalar becomes an array; an array's element 0 by name
s=str; s+=(more); echo "s: ${s[*]}"; s=new; echo "s: ${s[*]}"
# mapfile and read -a make arrays that grow in place
mapfile -t m < <(seq 5); m+=(6); echo "m: ${m[*]}"
read -ra rd <<< "a b c"; rd+=(d); rd[-1]+=x; echo "rd: ${rd[*]}"
