#!/bin/sh
# hidden-proc-as.sh USER COMMAND...: run COMMAND as USER (its own groups
# only) with /proc remounted so that it sees no other user's processes, as
# omtd.service's User= and ProtectProc=invisible arrange.  Run it as root
# inside a private mount namespace (unshare --mount): the remount must not
# reach the rest of the machine.
set -eu
user=$1
shift
mount -t proc -o hidepid=invisible,subset=pid proc /proc
# The real-time set-up needs SCHED_FIFO and mlockall.  The unit allows them
# through its resource limits (LimitRTPRIO=, LimitMEMLOCK=), with no
# capability; raising a hard limit needs CAP_SYS_RESOURCE, which a test
# machine (a container) may lack, so here the two capabilities stand in.
exec setpriv --reuid="$user" --regid="$(id -g "$user")" --init-groups \
	--inh-caps=+sys_nice,+ipc_lock --ambient-caps=+sys_nice,+ipc_lock "$@"
