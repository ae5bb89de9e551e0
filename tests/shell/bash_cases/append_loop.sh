# NAME+=VALUE in a long loop takes linear time (bash's make_variable_value)
x=; for ((i=0; i<100000; i++)); do x+=$i; done; echo ${#x} ${x:0:12} ${x: -12}
f() { local s=; for ((i=0; i<20000; i++)); do s+=.; done; echo ${#s}; }; f
declare -i n=0; for ((i=0; i<1000; i++)); do n+=i; done; echo $n
export E=; for i in 1 2 3; do E+=$i; done; printenv E
