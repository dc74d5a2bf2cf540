#!/usr/bin/env bash
# A real single-node Slurm on localhost (Debian's slurm-wlm 22.05 + munge), for the job-array test
# of `lazyrich slurm` (test/cli/slurm.test.ts). Configured exactly as /work/shared/notes/slurm-local.md
# says: munged, then slurmctld and slurmd for one node named after this host, partition "debug".
#
#   bash scripts/slurm-local.sh start    # configure + start (idempotent); waits until the node is idle (≤ 60 s)
#   bash scripts/slurm-local.sh status   # daemons and `sinfo`; exit 0 when the node is usable
#   bash scripts/slurm-local.sh stop     # stops slurmd, slurmctld and munged by their PID files
#
# It must run as root (it writes /etc/slurm/slurm.conf and starts the daemons); it exits non-zero
# with one line on stderr when it cannot (no packages, not root, node not idle in time).
set -u

SLURM_CONF=/etc/slurm/slurm.conf
CTLD_PID=/run/slurmctld.pid
SLURMD_PID=/run/slurmd.pid
MUNGE_PID=/run/munge/munged.pid
WAIT_SECONDS=${SLURM_LOCAL_WAIT:-60}

say() { echo "slurm-local: $*"; }
fail() { echo "slurm-local: $*" >&2; exit 1; }

# True when the PID file names a live process.
alive() {
  local file=$1 pid
  [ -s "$file" ] || return 1
  pid=$(cat "$file" 2>/dev/null) || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

# The state of this host's node as sinfo reports it (empty when slurmctld does not answer).
node_state() {
  sinfo -h -N -n "$(hostname -s)" -o '%T' 2>/dev/null | head -n 1
}

write_conf() {
  local host cpus mem
  host=$(hostname -s)
  cpus=$(nproc)
  mem=$(( $(awk '/MemTotal/{print $2}' /proc/meminfo) / 1024 - 1024 ))
  mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /run/munge
  local tmp
  tmp=$(mktemp /etc/slurm/.slurm.conf.XXXXXX)
  cat > "$tmp" <<CONF
ClusterName=local
SlurmctldHost=$host
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SlurmctldPidFile=$CTLD_PID
SlurmdPidFile=$SLURMD_PID
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmUser=root
ReturnToService=2
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
  chmod 644 "$tmp"
  if [ -f "$SLURM_CONF" ] && cmp -s "$tmp" "$SLURM_CONF"; then
    rm -f "$tmp"
  else
    mv -f "$tmp" "$SLURM_CONF"
    say "wrote $SLURM_CONF (node $host, $cpus CPUs, $mem MB)"
  fi
}

start() {
  [ "$(id -u)" = 0 ] || fail "must run as root (it configures and starts munged, slurmctld and slurmd)."
  for bin in /usr/sbin/munged /usr/sbin/slurmctld /usr/sbin/slurmd; do
    [ -x "$bin" ] || fail "$bin is missing; install the Debian packages slurm-wlm and munge."
  done
  command -v sinfo >/dev/null || fail "sinfo is not on PATH; install the Debian package slurm-wlm."
  write_conf
  chown -R munge:munge /run/munge /etc/munge /var/lib/munge /var/log/munge 2>/dev/null
  if alive "$MUNGE_PID"; then
    say "munged already running (pid $(cat "$MUNGE_PID"))"
  else
    /usr/sbin/munged --force || fail "munged did not start (see /var/log/munge/munged.log)."
  fi
  if alive "$CTLD_PID"; then
    say "slurmctld already running (pid $(cat "$CTLD_PID"))"
  else
    /usr/sbin/slurmctld -L /var/log/slurm/slurmctld.log || fail "slurmctld did not start (see /var/log/slurm/slurmctld.log)."
  fi
  if alive "$SLURMD_PID"; then
    say "slurmd already running (pid $(cat "$SLURMD_PID"))"
  else
    /usr/sbin/slurmd -L /var/log/slurm/slurmd.log || fail "slurmd did not start (see /var/log/slurm/slurmd.log)."
  fi
  local waited=0 state=''
  while [ "$waited" -lt "$WAIT_SECONDS" ]; do
    state=$(node_state)
    case "$state" in
      idle|mixed|allocated|completing) say "node $(hostname -s) is $state after ${waited} s"; return 0 ;;
    esac
    sleep 1
    waited=$((waited + 1))
  done
  fail "node $(hostname -s) is not idle after ${WAIT_SECONDS} s (state: ${state:-no answer from slurmctld}); see /var/log/slurm/."
}

stop_one() {
  local name=$1 file=$2 pid
  if alive "$file"; then
    pid=$(cat "$file")
    kill "$pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null; fi
    say "stopped $name (pid $pid)"
  else
    say "$name not running"
  fi
  rm -f "$file"
}

stop() {
  stop_one slurmd "$SLURMD_PID"
  stop_one slurmctld "$CTLD_PID"
  stop_one munged "$MUNGE_PID"
}

status() {
  local ok=0
  for pair in "munged:$MUNGE_PID" "slurmctld:$CTLD_PID" "slurmd:$SLURMD_PID"; do
    local name=${pair%%:*} file=${pair#*:}
    if alive "$file"; then say "$name running (pid $(cat "$file"))"; else say "$name not running"; ok=1; fi
  done
  local state
  state=$(node_state)
  say "node $(hostname -s): ${state:-no answer from slurmctld}"
  case "$state" in idle|mixed|allocated|completing) ;; *) ok=1 ;; esac
  return $ok
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: bash scripts/slurm-local.sh start|stop|status" >&2; exit 2 ;;
esac
