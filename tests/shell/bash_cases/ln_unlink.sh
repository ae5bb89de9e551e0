# coreutils 9.1 ln (hard links) and unlink (shell/commands/links.py): messages, statuses, link counts
d=$(mktemp -d) && cd "$d" || exit
echo hi > a; mkdir dd td
ln a b; echo rc=$?; ln a b; echo rc=$?; ln -f a b; echo rc=$?
ln x y; echo rc=$?; ln dd e; echo rc=$?; ln; echo rc=$?; ln a; echo rc=$?
ln a b c; echo rc=$?; ln a b td; echo rc=$?; ls td; stat -c '%h %s' a b td/a
ln -v a c; ln -T a td; echo rc=$?; ln -t td a; echo rc=$?; ln "it's" q; echo rc=$?
ln a nodir/x; echo rc=$?; ln -f a a; echo rc=$?; ln a dd; ls dd; ln a dd; echo rc=$?
ln -t nod a; echo rc=$?; ln -t a a; echo rc=$?; ln a b nod; echo rc=$?; ln --bogus; echo rc=$?
echo more >> b; cat a c; stat -c %h a
unlink; echo rc=$?; unlink a b; echo rc=$?; unlink nonex; echo rc=$?; unlink dd; echo rc=$?
unlink c; echo rc=$?; stat -c %h a; rm b td/a dd/a; stat -c %h a; cat a
mv a z; ln z z2; mv z z2; echo rc=$?; stat -c %h z z2; ls
ln z2 w; echo x > w2; mv w2 w; stat -c %h z2 w; cat w
cd / && rm -rf "$d"
