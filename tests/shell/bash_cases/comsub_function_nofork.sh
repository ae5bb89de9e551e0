# bash 5.2 runs a function that is the last command of $( ) or <( ) with only its
# body's last simple command exec'ed in place (execute_cmd.c execute_function →
# evalstring.c optimize_shell_function): which children this shell has, by name
f=/tmp/comsub_function_nofork.$$
kids() { awk -v p=$$ '$1 == p { print $2 }' "$f" | sort | tr '\n' ' '; echo; }
p() { ps -o ppid=,comm=; }
a() { true; ps -o ppid=,comm=; }
b() { true && ps -o ppid=,comm=; }
c() { if true; then ps -o ppid=,comm=; fi; }
d() { ps -o ppid=,comm=; true; }
e() { { ps -o ppid=,comm=; }; }
g() { p; }
h() { ps -o ppid=,comm= 2>/dev/null; }
for fn in p a b c d e g h; do
  x=$($fn); echo "$x" > $f; echo -n "$fn: "; kids
done
x=$(true; c); echo "$x" > $f; echo -n "true; c: "; kids
x=$(a; true); echo "$x" > $f; echo -n "a; true: "; kids
while read -r l; do echo "$l"; done < <(a) > $f; echo -n "<(a): "; kids
while read -r l; do echo "$l"; done < <(c) > $f; echo -n "<(c): "; kids
rm -f $f
