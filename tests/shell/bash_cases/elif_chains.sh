# if with three and more elif clauses (bashlex nests the third on; they were skipped
# or ran other text), on several lines, on one line, after other commands, in a
# function with a comment naming elif
for x in 1 2 3 4 5; do
if [ $x = 1 ]; then echo one
elif [ $x = 2 ]; then echo two
elif [ $x = 3 ]; then echo three
elif [ $x = 4 ]; then echo four
else echo other
fi
done
echo a; x=3; if false; then :; elif false; then :; elif true; then echo third; fi
  y=1; if false; then :; elif false; then :; elif false; then :; elif true; then echo fourth; fi
f() {
  if false; then :  # elif here
  elif false; then :
  elif [ "$1" ]; then echo "arg $1"
  else echo none
  fi
}
f; f z
for i in 1 2 3 4 5 6; do if [ $i = 1 ]; then echo a; elif [ $i = 2 ]; then echo b; elif [ $i = 3 ]; then echo c; elif [ $i = 4 ]; then echo d; elif [ $i = 5 ]; then echo e; else echo f; fi; done
