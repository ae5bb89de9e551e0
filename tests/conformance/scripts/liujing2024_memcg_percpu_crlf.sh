#!/bin/bash
mkdir -p /tmp/test
for i in 'seq 2000'
do
        sudo mkdir -p /sys/fs/cgroup/memory/user.slice/user-0.slice/test$ {i}
        sudo echo $$ > /sys/fs/cgroup/memory/user.slice/user-0.slice/test$ {i}/tasks
        sudo echo 'data' > /tmp/test/test$ {i}
        sudo echo $$ > /sys/fs/cgroup/memory/user.slice/user-0.slice/tasks
        sudo rmdir /sys/fs/cgroup/memory/user.slice/user-0.slice/test$ {i}
done
