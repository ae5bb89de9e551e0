# busybox read -u: a closed descriptor fails silently (1), a word is an error (2)
read -u 7 a; echo "rc=$?"; read -u x a; echo "rc=$?"; echo v > f; read -u 3 a 3<f; echo "rc=$? [$a]"
