# busybox sh has no brace expansion: {a,b} and {1..3} are words as written, in
# command substitutions, eval, functions and traps too; no NAME+=VALUE or
# NAME[SUB]=VALUE either: they are a command's words
echo {a,b}c; for i in {1..3}; do echo $i; done
x=$(echo {1,2}); echo "$x"; echo `echo {3,4}`
eval 'echo {5,6}'
f() { echo {x,y}; }; f
sh -c 'echo {p,q}; echo ${x:-{r,s}}'
x=1; x+=2; echo "x=$x"
a[1]=x; echo "rc=$?"
y=2 x+=1; echo "y=$y rc=$?"
trap 'echo {7,8}' EXIT
