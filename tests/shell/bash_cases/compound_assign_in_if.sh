# the dropped line was inside an if: its later lines run at the top, `fi` is fatal
if true; then
  a=(1 ; 2)
  echo in
fi
echo after $?
