# `for((`, `while((`, `if((`, `until((`, `do((`, `then((`: `(` is a metacharacter,
# so the keyword ends there (parse.y); the model once handed bashlex one word
for((i=0;i<3;i++)); do echo "for $i"; done
for((;;)); do break; done; echo "endless broken"
x=0; while((x<2)); do((x++)); done; echo "while $x"
until((x==0)); do((x--)); done; echo "until $x"
if((1)); then((y=5)); fi; echo "if $y"
f(){ ((1)); }; f; echo "f $?"
! ((0)); echo "not $?"
