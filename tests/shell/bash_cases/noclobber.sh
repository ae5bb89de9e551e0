# set -C (noclobber): `>`, `&>` and `>&` refuse an existing regular file (redir.c
# noclobber_open: "cannot overwrite existing file", status 1), `>|` and `>>` write
# it, a device opens as usual; $- and SHELLOPTS show it (the model said unsupported)
f=/tmp/memcgsim-noclobber-case
rm -f $f
set -C
echo 1 > $f; echo "new $?"
echo 2 > $f; echo "again $?"
ls /nonexistent &> $f; echo "amp $?"
echo 3 >> $f; echo 4 >| $f; cat $f
echo x > /dev/null; echo "device $?"
echo "$-"; echo "$SHELLOPTS"
set -o | grep -c noclobber
set +C; echo 5 > $f; cat $f
set -o noclobber; echo 6 > $f; set +o noclobber; cat $f
rm -f $f
