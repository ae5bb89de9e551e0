# a job's text (print_cmd.c make_command_string) prints a here-document's header
# among the redirections, then its body and delimiter: at once, or in a list or
# pipeline after the connector (print_deferred_heredocs)
sleep 5 <<EOT &
hello $HOME
  world
EOT
kill -9 $!; wait
sleep 5 <<-EOT 2>/dev/null 3<<"Q" &
	tabbed
	EOT
q
Q
kill -9 $!; wait
{ sleep 5 <<'A'; } &
x
A
jobs; kill -9 %1; wait
{ sleep 5 <<E; sleep 6; } &
body1
E
jobs; kill -9 %1; wait
{ sleep 5 <<E && sleep 6 <<F; } &
e
E
f
F
jobs; kill -9 %1; wait
( cat <<E | cat; sleep 5 ) &
e
E
sleep 0.5; jobs; kill -9 %1; wait   # cat's output first
if true; then sleep 5 <<E; fi &
e
E
jobs; kill -9 %1; wait
while sleep 5 <<E; do :; done &
e
E
jobs; kill -9 %1; wait
{ sleep 5 <<E & sleep 6; } &
e
E
sleep 0.5; jobs; kill -9 %1; wait
sleep 5 <<A | sleep 6 <<B &
a
A
b
B
jobs; kill -9 %1; wait
