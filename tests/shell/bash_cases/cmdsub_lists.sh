echo $(true && echo file)
x=$(echo a && echo b); echo $x
echo "$(false || echo alt)"
$(echo echo) hi
echo $(echo $(echo nested && echo x))
for i in $(seq 2 && echo 9); do echo $i; done
case $(echo a && echo) in a) echo m;; esac
echo `true && echo back`
y=$(
  echo multi &&
  echo line
); echo "$y"
