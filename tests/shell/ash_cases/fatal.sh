# errors that end busybox sh with status 2 (ash_msg_and_raise_error outside a regular
# builtin): in a -c string, one with a NAME (its lines count from 0), a script, a
# subshell
for c in 'x=${y?}' 'x=${y:?}' 'x=${y?custom words}' 'set -u; echo $nope' 'echo $((1/0))' \
    'echo $((1+))' 'x=08; echo $((x))' 'readonly r=1; r=2' '. /nonexistent' 'local x' \
    'echo 1 > /dev/full; exit 3'; do
  sh -c "$c; echo not reached"; echo "[$c] rc=$?"
  sh -c "true
$c; echo not reached" name; echo "rc=$?"
done
printf 'true\n\nx=${y?}\necho after\n' > /tmp/ash_fatal.tmp; sh /tmp/ash_fatal.tmp; echo "script rc=$?"
rm -f /tmp/ash_fatal.tmp
(x=${y?}); echo "subshell rc=$?"
echo $(x=${y?}) "comsub rc=$?"
x=${y?the end}
echo not reached
