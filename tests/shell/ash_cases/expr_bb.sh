# busybox expr: its words for errors, 64-bit arithmetic that wraps, a string null only
# when empty or "0"; tr with one string passes its input
expr 1 +; echo "rc=$?"; expr a + 1; echo "rc=$?"; expr 1 / 0; echo "rc=$?"; expr; echo "rc=$?"
expr \( 1 + 2; echo "rc=$?"; expr 9223372036854775807 + 1; expr 00; echo "rc=$?"; expr -0; echo "rc=$?"
expr 00 + 0; echo "rc=$?"; expr a b; echo "rc=$?"; echo abc | tr a; echo "rc=$?"
