# select (execute_select_command, select_query, print_select_list): menu and PS3 on stderr,
# REPLY read from stdin, empty lines show the menu again, EOF a newline and status 1
select x in apple banana "cherry pie"; do echo "got [$x] reply [$REPLY]"; [ "$REPLY" = 3 ] && break; done <<'IN'
1

zz
 2 
3
IN
echo "st=$?"
PS3="pick> "
select y in a b; do echo "y=$y"; done <<< "2"
echo "st=$?"
set -- p q
select z; do echo "z=$z"; break; done <<< "1"
select w in $(seq 1 25); do echo "w=$w"; break; done <<< "25"
COLUMNS=40; select w in one two three four five six seven eight nine ten eleven twelve; do :; done < /dev/null
select e in; do echo never; done; echo "empty=$?"
for i in 1; do select q in a; do echo "q=$q"; continue 2; done; done <<< 1
readonly R=1; select R in a; do echo x; done <<< 1; echo "ro=$?"
select v in a b; do echo "v=$v"; REPLY=; done <<< $'1\n2'
f() { select v in a b; do return 7; done <<< 1; }; f; echo "f=$?"
select v in a b; do echo "in=$v"; done < <(printf '1\n\\2\nx')
echo end
select v in a b; do sleep 5; done <<< 1 &
kill -9 $!; wait
echo "bg done"
