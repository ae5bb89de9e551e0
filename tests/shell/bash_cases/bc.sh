# GNU bc 1.07.1 (shell/commands/bc.py): scale rules, printing, errors, control flow
while IFS= read -r e; do printf '%s => ' "$e"; echo "$e" | bc 2>&1 | tr '\n' '|'; echo; done <<'CASES'
1/2
scale=2; 1/2
scale=2; -1/2
5%3
scale=2; 5%3
2^10
2^-1
scale=3; 2^-2
2^0.5
1/0
x=5; x*2
a=3;b=4;a>b;a<b
3 >= 3
!0
1 && 0
sqrt(2)
scale=10; sqrt(2)
length(123.45)
scale(1.234)
obase=16; 255
ibase=16; FF
obase=2; 10
1.5*1.5
scale=1; 1.55*1.5
2^100
2^300
"hi"
print "a", 1, "\n"
1 +
foo(
-5/2
0.1+0.2
x
++x; x
x++
1;2
-0
0.000
1.10
scale=5; 10/3
obase=16; 10.5
obase=2; -5
quit
if (1 > 0) 5
for (i=0;i<3;i++) i
i=0; while (i<3) { i; i+=1 }
/* c */ 4 # x
1.0/3
10^-2
3*-2
length(.5)
length(0)
length(0.00)
length(100)
sqrt(-1)
scale=2;sqrt(0.5)
x=2;x^=3;x
x=7;x%=3;x
a[1]=5;a[1]
define f(x){return x*2}; f(3)
1==1
obase=20; 255
obase=1; 5
ibase=1
scale=-1
ibase=2; 101.1
ibase=16; A.8
A
ZZ
3 $
last
.
AA
1A
ibase=16; G
2*1/0
x=1/0
1/0; 7
scale=4; -7 % 3
scale=0; -7 % 3
scale=3; 7.5 % 2
12345678901234567890 * 98765432109876543210
scale=50; 1/7
obase=16; 123456789012345678901234567890
obase=8; 1/3
scale=3; obase=2; 1/3
x=3; -x^2
2^3^2
-2^2
scale=2; 3.333 * 1
7 / -2
define g(n) { auto i, s; s = 1; for (i = 1; i <= n; i++) s *= i; return (s); }; g(20)
define h() { return; }; h()
scale=3; 1234.5678 / 1
if (0) 1 else 2
{ 1; 2 }
print 1/3, "\n"
limits
CASES
printf '1+\n2\n3+\n' | bc 2>&1; printf '1+1\n(\n2\n' | bc 2>&1; echo 'x=3
x' | bc; printf '1/0; 7\n5\n' | bc 2>&1; printf 'scale=2\n7/0\n' | bc 2>&1
echo "scale=2; 1/3" | bc -l; echo "1/3" | bc -l; echo '5/0' | bc; echo rc=$?
a=1048576; echo "$a / 1024" | bc; echo "scale=2; 1536 / 1024" | bc
bc <<< "10 > 5"; echo "2 ^ 64" | bc; bc nofile; echo rc=$?
# a negative power cut to zero keeps its sign (bc_raise): -0, below 0, kept by - 0 and % 1
echo '(-.3)^3; (-.3)^3 < 0; (-.3)^3 == 0; x=(-.3)^3; x+0; -x; x*1; x%1; x-0; x+x; length(x); scale(x)' | bc
echo 'obase=16; (-.3)^3; scale=1; (-.3)^3; (-.3)^2' | bc
