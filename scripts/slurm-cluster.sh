#!/usr/bin/env bash
# slurm-cluster.sh: Xpert's single-node Slurm test cluster (Debian 12 packages, Slurm 22.05).
# Needs root; no systemd (it starts munged, slurmctld and slurmd itself) and no network but
# Debian's apt (only if the packages are missing).
#
# Usage: scripts/slurm-cluster.sh start|stop|restart|status|env
#   start    install slurmctld slurmd slurm-client munge if missing, write the config, start
#            the daemons, wait until the node is idle. An already-up cluster of this script
#            with the same config is left alone (a changed config restarts it).
#   stop     cancel all jobs, stop the daemons this script started (by recorded PID)
#   restart  stop, then start (a fresh cluster: slurmctld starts cold, with no jobs)
#   status   daemon PIDs and sinfo; exit 0 only if the cluster is up
#   env      print `export SLURM_CONF=...`; use: eval "$(scripts/slurm-cluster.sh env)"
#
# Everything (config, state, logs, PIDs, fake GPUs) lives under $XPERT_SLURM_DIR
# [/tmp/xpert-slurm]; nothing is written to /etc/slurm, so clients need SLURM_CONF.
#
# The cluster, sized for Xpert's tests (see docs/slurm-cluster-facts.md for what it does):
#   node "localhost": CPUs=8 whatever the machine has, 4 fake GPUs (gres gpu)
#   partitions: debug (Default, no time limit), small (MaxTime=1 minute)
#   MaxArraySize=8: array indices 0..7 only, so bigger sweeps must be split into arrays
#   KillWait=2, MinJobAge=300, no slurmdbd (sacct does not work), jobcomp/filetxt log
set -euo pipefail

DIR=${XPERT_SLURM_DIR:-/tmp/xpert-slurm}
CONF=$DIR/slurm.conf # gres.conf and cgroup.conf go next to it; Slurm looks for them there
NODE=localhost
CPUS=8
GPUS=4
export SLURM_CONF=$CONF

log() { printf '[slurm-cluster %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ------------------------------------------------------------------ processes
# alive PID [COMM]: PID runs (not a zombie) and, if COMM is given, is that program.
alive() {
  local st
  st=$(awk '/^State:/{print $2}' "/proc/$1/status" 2>/dev/null) || return 1
  [ -n "$st" ] && [ "$st" != Z ] || return 1
  [ -z "${2:-}" ] || [ "$(cat "/proc/$1/comm" 2>/dev/null)" = "$2" ]
}
# pid_of FILE COMM: the PID recorded in FILE, if that process is alive and is COMM.
pid_of() {
  local p
  [ -r "$1" ] && p=$(tr -dc 0-9 <"$1") || return 1
  [ -n "$p" ] && alive "$p" "$2" && echo "$p"
}
# stop_pid PID COMM: SIGTERM, then SIGKILL after 10 s. (slurmd can ignore SIGTERM for
# many seconds while it backs off retrying a controller that is already gone.)
stop_pid() {
  local i
  alive "$1" "$2" || return 0
  kill -TERM "$1" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do alive "$1" || return 0; sleep 0.1; done
  log "$2 ($1) ignored SIGTERM; sending SIGKILL"
  if alive "$1" "$2"; then kill -KILL "$1" 2>/dev/null || true; fi
  for ((i = 0; i < 50; i++)); do alive "$1" || return 0; sleep 0.1; done
}
# launch NAME CMD...: run CMD in its own session in the background, record its PID in
# $DIR/run/NAME.pid, and wait until that PID has exec'd NAME (before that its comm is
# still bash/setsid, and a check would wrongly conclude the daemon died).
launch() {
  local name=$1 p i
  shift
  # From /: a daemon keeps its working directory, and its job steps inherit it; one that was
  # started in a clone that is later removed makes every task print "slurmstepd: error: Unable
  # to get current working directory" into its output.
  (cd / && exec setsid "$@" </dev/null >>"$DIR/log/$name.stderr" 2>&1) &
  p=$!
  echo "$p" >"$DIR/run/$name.pid"
  for ((i = 0; i < 100; i++)); do
    [ "$(cat "/proc/$p/comm" 2>/dev/null)" = "$name" ] && return 0
    alive "$p" || break
    sleep 0.05
  done
  tail -n 5 "$DIR/log/$name.stderr" >&2 || true
  die "$name did not start"
}

# ------------------------------------------------------------------ install
installed() { command -v slurmctld && command -v slurmd && command -v sbatch && command -v munged && id slurm && id munge; } >/dev/null 2>&1
install_packages() {
  installed && return 0
  log "installing slurmctld slurmd slurm-client munge"
  # Keep the packages' postinst from trying to start the daemons; we start them ourselves.
  local policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && policy=1
  fi
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    slurmctld slurmd slurm-client munge >/dev/null
  [ -z "$policy" ] || rm -f /usr/sbin/policy-rc.d
  installed || die "packages did not install"
  log "installed $(slurmctld -V)"
}

# ------------------------------------------------------------------ config
# cgroup (cgroup v1 with a writable freezer, as on these machines): proctrack/cgroup
# tracks a job's processes even when they setsid() away, so scancel kills the whole tree,
# and task/cgroup enforces --mem (a job over it ends OUT_OF_MEMORY). Otherwise linuxproc
# (follows the parent-PID tree) and no memory enforcement.
proctrack() {
  if [ "$(stat -fc %T /sys/fs/cgroup 2>/dev/null)" = tmpfs ] && [ -d /sys/fs/cgroup/freezer ] &&
     mkdir /sys/fs/cgroup/freezer/.xpert-probe 2>/dev/null && rmdir /sys/fs/cgroup/freezer/.xpert-probe; then
    echo cgroup
  else
    echo linuxproc
  fi
}

# Fake GPUs: gres.conf File= must be a character (or block) device, and a File-less
# "Count=4" GPU makes Slurm 22.05 drain the node ("gres/gpu count reported lower than
# configured"). mknod copies of /dev/null are enough; jobs then get CUDA_VISIBLE_DEVICES.
gpu_files() {
  local i
  mkdir -p "$DIR/dev"
  for ((i = 0; i < GPUS; i++)); do
    [ -c "$DIR/dev/nvidia$i" ] || mknod "$DIR/dev/nvidia$i" c 1 3 2>/dev/null || break
  done
  if [ -c "$DIR/dev/nvidia$((GPUS - 1))" ]; then
    echo "$DIR/dev/nvidia[0-$((GPUS - 1))]"
  else # no mknod (unprivileged container): any existing character devices do
    echo /dev/null,/dev/zero,/dev/full,/dev/urandom | cut -d, -f1-"$GPUS"
  fi
}

# write_config DEST: write slurm.conf, gres.conf (and cgroup.conf) into directory DEST.
write_config() {
  local dest=$1 hw mem pt task=none
  hw=$(slurmd -C 2>/dev/null | head -1) # "NodeName=vm CPUs=2 ... RealMemory=24151"
  mem=$(sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p' <<<"$hw")
  mem=$(( ${mem:-4096} * 9 / 10 ))
  pt=$(proctrack)
  [ "$pt" != cgroup ] || task=cgroup
  cat >"$dest/slurm.conf" <<EOF
# Written by scripts/slurm-cluster.sh; rewritten on every start.
ClusterName=xpert
SlurmctldHost=localhost
SlurmUser=slurm
AuthType=auth/munge
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/run/slurmctld.daemon.pid
SlurmdPidFile=$DIR/run/slurmd.daemon.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
MailProg=/bin/true
MpiDefault=none
ProctrackType=proctrack/$pt
TaskPlugin=task/$task
JobAcctGatherType=jobacct_gather/none
# No slurmdbd: sacct fails. Ended jobs stay visible to squeue/scontrol for MinJobAge
# seconds and get one line each in the jobcomp file.
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$DIR/log/jobcomp.txt
MinJobAge=300
# SIGCONT+SIGTERM, then SIGKILL: slurmd waits max(KillWait, 5) s, so ~5 s in practice.
KillWait=2
InactiveLimit=0
ReturnToService=2
# Array indices must be < MaxArraySize: --array=0-7 is the largest array.
MaxArraySize=8
# Reject at submit time a job that could never run here (too many CPUs, over a partition's
# MaxTime) instead of leaving it pending forever (PartitionConfig / PartitionTimeLimit).
EnforcePartLimits=ALL
# Schedule at once: batch_sched_delay=0 (default 3 s: pending array tasks held by a %N
# throttle would start only every few seconds), and run the periodic main and backfill
# loops every second instead of every 60 s / 30 s.
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0,sched_interval=1,bf_interval=1
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
# Without a default, a job would be given the whole node's memory and run alone. With
# task/cgroup, a job using more than it asked for (default DefMemPerCPU) is OOM-killed.
DefMemPerCPU=$((mem / CPUS))
GresTypes=gpu
# config_overrides: trust CPUs=$CPUS below, however many CPUs the machine has.
SlurmdParameters=config_overrides
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=$CPUS RealMemory=$mem Gres=gpu:$GPUS State=UNKNOWN
PartitionName=debug Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
PartitionName=small Nodes=$NODE MaxTime=1 State=UP
EOF
  printf '# Written by scripts/slurm-cluster.sh\nAutoDetect=off\nNodeName=%s Name=gpu File=%s\n' \
    "$NODE" "$(gpu_files)" >"$dest/gres.conf"
  rm -f "$dest/cgroup.conf"
  if [ "$pt" = cgroup ]; then
    cat >"$dest/cgroup.conf" <<EOF
# Written by scripts/slurm-cluster.sh; cgroups track processes and limit memory only.
CgroupPlugin=cgroup/v1
CgroupAutomount=no
ConstrainCores=no
ConstrainDevices=no
ConstrainRAMSpace=yes
ConstrainSwapSpace=no
EOF
  fi
}

# ------------------------------------------------------------------ munge
munge_ok() { munge -n 2>/dev/null | unmunge >/dev/null 2>&1; }
start_munge() {
  munge_ok && return 0 # someone's munged already answers; use it
  install -d -o munge -g munge -m 0755 /run/munge
  install -d -o munge -g munge -m 0700 /var/log/munge /etc/munge
  install -d -o munge -g munge -m 0711 /var/lib/munge
  [ -s /etc/munge/munge.key ] || runuser -u munge -- mungekey --create --keyfile=/etc/munge/munge.key
  # --force: start even if a killed munged left its socket behind
  runuser -u munge -- /usr/sbin/munged --force
  local i
  for ((i = 0; i < 50; i++)); do munge_ok && break; sleep 0.1; done
  munge_ok || die "munged did not start; see /var/log/munge/munged.log"
  cp /run/munge/munged.pid "$DIR/run/munged.pid" 2>/dev/null || true
}

# ------------------------------------------------------------------ commands
# same_config DIR: the config files in DIR are those the cluster runs with.
same_config() {
  local f
  for f in slurm.conf gres.conf cgroup.conf; do
    if [ -e "$1/$f" ] || [ -e "$DIR/$f" ]; then cmp -s "$1/$f" "$DIR/$f" || return 1; fi
  done
}
node_state() { timeout 5 sinfo -h -N -n "$NODE" -o %t 2>/dev/null | head -1 || true; }
daemons_up() {
  pid_of "$DIR/run/slurmctld.pid" slurmctld >/dev/null && pid_of "$DIR/run/slurmd.pid" slurmd >/dev/null
}

do_start() {
  local t0=$SECONDS i st="" f
  [ "$(id -u)" = 0 ] || die "must run as root"
  install_packages
  mkdir -p "$DIR"/{state,spool,log,run}
  chown slurm:slurm "$DIR/state" "$DIR/log"
  # Compare the config we would write with the running one.
  local new
  new=$(mktemp -d "$DIR/conf.XXXXXX")
  write_config "$new"
  if daemons_up && [ -n "$(node_state)" ]; then
    if same_config "$new"; then
      rm -rf "$new"
      log "already up (node $(node_state)); eval \"\$($0 env)\" to use it"
      return 0
    fi
    log "config changed; restarting"
  fi
  stop_daemons # whatever is left of a half-up cluster
  rm -f "$DIR/cgroup.conf"
  mv "$new"/* "$DIR"/ && rmdir "$new"
  start_munge
  # -D: stay in the foreground (as under systemd), so $! is the daemon's PID.
  # -c: cold start, ignoring saved jobs: every start is the same empty cluster.
  launch slurmctld /usr/sbin/slurmctld -D -c
  launch slurmd /usr/sbin/slurmd -D -N "$NODE"
  for ((i = 0; i < 300; i++)); do # 60 s
    # A fatal config error shows only as the daemon exiting.
    pid_of "$DIR/run/slurmctld.pid" slurmctld >/dev/null || { tail -n 5 "$DIR/log/slurmctld.log" >&2; die "slurmctld exited"; }
    pid_of "$DIR/run/slurmd.pid" slurmd >/dev/null || { tail -n 5 "$DIR/log/slurmd.log" >&2; die "slurmd exited"; }
    st=$(node_state)
    case "$st" in
      idle) break ;;
      down* | drain* | fail*) scontrol update nodename="$NODE" state=resume 2>/dev/null || true ;;
    esac
    sleep 0.2
  done
  [ "$st" = idle ] || { tail -n 20 "$DIR/log/slurmctld.log" "$DIR/log/slurmd.log" >&2; die "node is '$st', not idle, after 60 s"; }
  log "up in $((SECONDS - t0)) s (slurmctld $(cat "$DIR/run/slurmctld.pid"), slurmd $(cat "$DIR/run/slurmd.pid")); eval \"\$($0 env)\" to use it"
}

stop_daemons() {
  local c p
  for c in slurmd slurmctld; do
    if p=$(pid_of "$DIR/run/$c.pid" "$c"); then stop_pid "$p" "$c"; fi
    rm -f "$DIR/run/$c.pid"
  done
}

do_stop() {
  local ids i p
  if pid_of "$DIR/run/slurmctld.pid" slurmctld >/dev/null; then
    ids=$(timeout 5 squeue -h -o %F 2>/dev/null | sort -u | tr '\n' ' ') || true
    if [ -n "${ids// /}" ]; then
      log "cancelling jobs $ids"
      # shellcheck disable=SC2086
      scancel $ids 2>/dev/null || true
      for ((i = 0; i < 100; i++)); do [ -z "$(timeout 5 squeue -h -t R,CG 2>/dev/null)" ] && break; sleep 0.2; done
    fi
  fi
  stop_daemons
  if p=$(pid_of "$DIR/run/munged.pid" munged); then stop_pid "$p" munged; fi
  rm -f "$DIR/run/munged.pid"
  log stopped
}

do_status() {
  local c p up=0
  for c in munged slurmctld slurmd; do
    p=$(pid_of "$DIR/run/$c.pid" "$c" || true)
    printf '%-10s %s\n' "$c:" "${p:-not running (by this script)}"
  done
  daemons_up && [ -n "$(node_state)" ] || up=1
  [ "$up" = 1 ] || timeout 5 sinfo
  return "$up"
}

case "${1:-}" in
  start) do_start ;;
  stop) do_stop ;;
  restart) do_stop; do_start ;;
  status) do_status ;;
  env) printf 'export SLURM_CONF=%q\n' "$CONF" ;;
  *) echo "usage: $0 start|stop|restart|status|env" >&2; exit 2 ;;
esac
