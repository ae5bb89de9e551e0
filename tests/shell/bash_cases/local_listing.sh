# local and local -p without names list the running function's own variables (declare.def)
f() { local a=1 b; local -a c=(1); local -A d=([k]=v); local -i n=4; local; echo ---; local -p; }; f
g() { local x=2; h; }; h() { local y=3; local -p; }; g
k() { local -p; echo "rc=$?"; }; k
