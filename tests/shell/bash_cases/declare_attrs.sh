# an integer array's values are arithmetic (compound, element and += assignments);
# declare +x and +i take the attribute off
declare -ia y=(1+1 2*3); declare -p y
y+=(3+3); y[5]=2+2; y[0]+=5; declare -p y
declare -i z=(4+4); declare -p z
declare -iA h=([a]=1+1); h[b]=2*2; declare -p h
declare -a w=(1+1); declare -i w; w+=(2+2); declare -p w
declare -x e=1; declare +x e; declare -p e; env | grep -c '^e='
export f=1; declare +x f; env | grep -c '^f='
declare -i n=5; declare +i n; n=1+1; echo $n
declare -x -i m=2+2; declare -p m
