# time's report (TIMEFORMAT literal here): a ( LIST ) is timed by its child, its
# redirections applied; a jump to the top level (exit, an expansion error) is
# timed after the error's message; a function's return is not one
TIMEFORMAT='[timed]'
time (sleep 0.01) 2>/dev/null; echo "1 $?"
time (sleep 0.01) 2>&1 | wc -l
{ time (sleep 0.01); } 2>&1 | wc -l
time (exit 3); echo "2 $?"
time { echo ${x!}; }; echo not reached
echo "3 $?"
f() { time return 2; }; f; echo "4 $?"
(time exit 4); echo "5 $?"
