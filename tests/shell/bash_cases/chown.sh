# coreutils 9.1 chown/chgrp to root (shell/commands/owners.py: the model keeps no owner)
d=$(mktemp -d) && cd "$d" || exit
echo hi > c1; mkdir dd
chown; echo rc=$?; chown root; echo rc=$?; chown nosuchu c1; echo rc=$?; chown root nof; echo rc=$?
chown root:root c1; echo rc=$?; chown :root c1; echo rc=$?; chown root: c1; echo rc=$?
chown root:nosuchg c1; echo rc=$?; chgrp; echo rc=$?; chgrp root; echo rc=$?; chgrp nosuchg c1; echo rc=$?
chgrp root nof; echo rc=$?; chown -R root dd; echo rc=$?; chown 0:0 c1; echo rc=$?
chown -v root c1; chown -c root c1; chgrp -v 0 c1; chown root.root c1; echo rc=$?; chown -f root nof; echo rc=$?
stat -c '%U %G %u %g' c1
cd / && rm -rf "$d"
