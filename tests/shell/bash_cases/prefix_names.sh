# ${!PREFIX*}: the variables set and those bash makes at start-up or computes
echo ${!BASH*}
echo ${!HOST*} ${!EPOCH*} ${!PPI*} ${!SHELL*}
