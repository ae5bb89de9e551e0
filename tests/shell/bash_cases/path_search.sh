# search_for_command: the PATH walk (a script of one's own found by name, nothing in
# /nonexistent), PATH unset or empty (the name itself, a path in the working directory)
mkdir mybin; printf '#!/bin/sh\necho mine\n' > mybin/mine; chmod +x mybin/mine
mine; echo "rc=$?"; PATH=$PWD/mybin:$PATH; mine; type -t mine; hash -t mine >/dev/null && echo hashed
(PATH=/nonexistent; ls; echo "rc=$?"; /bin/echo abs)
(cp mybin/mine .; unset PATH; ls; echo "rc=$?"; mine; ./mine)
(PATH=; cat </dev/null; echo "rc=$?")
