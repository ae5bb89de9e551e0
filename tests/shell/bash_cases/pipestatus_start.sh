# PIPESTATUS is empty until a first command ends (an assignment sets it too)
printf '%s\n' "${PIPESTATUS[@]}"; echo "[${#PIPESTATUS[@]}][$PIPESTATUS]"
true; echo "[${#PIPESTATUS[@]}][$PIPESTATUS]"
bash -c 'echo "[${#PIPESTATUS[@]}]"; x=1; echo "[${#PIPESTATUS[@]}]"'
bash -c '(echo "[${#PIPESTATUS[@]}]"); f() { echo "[${#PIPESTATUS[@]}]"; }; f'
