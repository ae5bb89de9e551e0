# dash reads a backquoted command again as a string of its own (parser.c
# parsebackq, input.c setinputstring: plinno = 1): its lines count from 1
echo
echo
x=`cd /nonexistent`
y=`echo
cd /nonexistent-too`
z=$(cd /nonexistent-three)
echo end
