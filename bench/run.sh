#!/usr/bin/env bash
# bench/run.sh: Xpert's performance benchmark against xargs -P, GNU parallel and a C
# posix_spawn floor, in one run. See bench/README.md; the results live in docs/performance.md.
#
#   bench/run.sh [--disk] [--runs N] [--quick] [--only W1,W3,...] [--out FILE] [--fast-setup]
#
# It builds Xpert in release mode (--scratch-path .build-bench), compiles bench/floor.c and
# bench/gen_done.c with cc -O2, mounts a fresh tmpfs (or uses /dev/shm when not root), and runs
# the workloads W1-W6. Within a workload the tools take turns (run 1 of each tool, then run 2
# of each, ...), so a change in background load hits them all alike. After every run the
# tool's output is checked: a missing directory, log, marker or byte makes the benchmark exit 1.
# It prints a Markdown table and writes it to the file it names at the end.
#
# Environment: XPERT_BIN=/path/to/xpert skips the build and times that binary instead.
set -euo pipefail
export LC_ALL=C

usage() {
  cat <<'EOF'
usage: bench/run.sh [--disk] [--runs N] [--quick] [--only LIST] [--out FILE] [--fast-setup]

  --disk       after the tmpfs pass, run every workload again on the working disk
               (under .build-bench/ in the repository)
  --runs N     timed runs per tool and workload (default 5; W2 uses at most 3)
  --quick      small sizes, 2 runs: checks that the benchmark works; goals are not judged
  --only LIST  comma-separated workloads to run, e.g. W1,W3 (default: all)
  --out FILE   where to write the Markdown results (default .build-bench/bench-results.md)
  --fast-setup make Xpert's complete directories for W3/W6 at N = 100,000 with gen_done
               (empty completed.flag, no job record) instead of a real run (minutes)

XPERT_BIN=/path/to/xpert times that binary instead of building the working tree.
EOF
}

runs=5
disk=0
fast_setup=0
quick=0
only="W1,W2,W3,W4,W5,W6"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$repo/.build-bench/bench-results.md"
while (($# > 0)); do
  case "$1" in
    --disk) disk=1 ;;
    --fast-setup) fast_setup=1 ;;
    --quick) quick=1 ;;
    --runs)
      runs="${2:?--runs needs a number}"
      shift
      ;;
    --only)
      only="${2:?--only needs a list}"
      shift
      ;;
    --out)
      out="${2:?--out needs a file}"
      shift
      ;;
    -h | --help)
      usage
      exit 0
      ;;
    *)
      usage >&2
      exit 2
      ;;
  esac
  shift
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || {
  echo "bench: --runs must be a positive integer" >&2
  exit 2
}
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac

log() { printf '%s\n' "$*" >&2; }
die() {
  log "bench: $*"
  exit 1
}
wanted() { [[ ",$only," == *",$1,"* ]]; }

# ---------------------------------------------------------------------------------------------
# Requirements: this script installs nothing.

missing=()
command -v swift >/dev/null 2>&1 || [[ -n ${XPERT_BIN:-} ]] || missing+=("swift (Swift 6.1+ toolchain)")
command -v cc >/dev/null 2>&1 || missing+=("cc (apt-get install -y gcc)")
command -v xargs >/dev/null 2>&1 || missing+=("xargs (apt-get install -y findutils)")
if ! parallel --version 2>/dev/null | grep -q 'GNU parallel'; then
  missing+=("GNU parallel (apt-get install -y parallel; moreutils' parallel is a different tool)")
fi
if ! /usr/bin/time --version 2>&1 | grep -qi 'GNU time'; then
  missing+=("GNU time as /usr/bin/time (apt-get install -y time)")
fi
for tool in seq awk find sort mktemp findmnt; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool (coreutils/util-linux/gawk or mawk)")
done
((BASH_VERSINFO[0] >= 5)) || missing+=("bash 5 or later (for EPOCHREALTIME)")
if ((${#missing[@]} > 0)); then
  log "bench: missing requirements:"
  for m in "${missing[@]}"; do log "  - $m"; done
  log "On Debian/Ubuntu: apt-get update && apt-get install -y parallel time"
  exit 2
fi

# ---------------------------------------------------------------------------------------------
# Build.

tools_dir="$repo/.build-bench/bench-tools"
mkdir -p "$tools_dir" "$(dirname "$out")"
if [[ -n ${XPERT_BIN:-} ]]; then
  xpert="$XPERT_BIN"
  [[ -x $xpert ]] || die "XPERT_BIN=$xpert is not an executable"
  xpert_source="binary $xpert (XPERT_BIN)"
else
  log "bench: building Xpert (swift build -c release --scratch-path .build-bench)"
  (cd "$repo" && swift build -c release --scratch-path .build-bench --product xpert >&2)
  xpert="$(cd "$repo" && swift build -c release --scratch-path .build-bench --show-bin-path)/xpert"
  dirty="$(git -C "$repo" status --porcelain -- Sources Package.swift 2>/dev/null | wc -l)"
  xpert_source="working tree at $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?')"
  ((dirty == 0)) || xpert_source+=" with $dirty uncommitted change(s) under Sources/"
fi
floor="$tools_dir/floor"
gen_done="$tools_dir/gen_done"
cc -O2 -Wall -o "$floor" "$repo/bench/floor.c"
cc -O2 -Wall -o "$gen_done" "$repo/bench/gen_done.c"

# ---------------------------------------------------------------------------------------------
# Sizes.

if ((quick)); then
  runs=2
  w1_n=100 w2_n=100 w3_small=100 w3_big=2000 w4_bytes=20971520 w5_axis=20 w6_n=2000
else
  w1_n=1000 w2_n=1000 w3_small=1000 w3_big=100000 w4_bytes=209715200 w5_axis=100 w6_n=100000
fi
w2_runs=$((runs < 3 ? runs : 3))
w2_sleep=0.05
w2_p=8
w3_p=2

# ---------------------------------------------------------------------------------------------
# Work directories.

mounted=()
made=()
cleanup() {
  local d
  cd /
  for d in "${made[@]}"; do rm -rf "$d" 2>/dev/null || true; done
  for d in "${mounted[@]}"; do umount "$d" 2>/dev/null || true; rmdir "$d" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# make_workdir tmpfs|disk: sets wd and wd_desc.
make_workdir() {
  if [[ $1 == tmpfs ]]; then
    wd=""
    if ((EUID == 0)); then
      local m
      m="$(mktemp -d /tmp/xpert-bench.XXXXXX)"
      if mount -t tmpfs -o size=8g,mode=0755 xpert-bench "$m" 2>/dev/null; then
        mounted+=("$m")
        wd="$m"
      else
        rmdir "$m"
      fi
    fi
    if [[ -z $wd ]]; then
      wd="$(mktemp -d /dev/shm/xpert-bench.XXXXXX)"
      made+=("$wd")
    fi
    [[ "$(stat -f -c %T "$wd")" == tmpfs ]] || die "$wd is not on tmpfs"
  else
    wd="$(mktemp -d "$repo/.build-bench/disk-run.XXXXXX")"
    made+=("$wd")
  fi
  wd_desc="$wd ($(findmnt -n -o FSTYPE,OPTIONS --target "$wd" | head -1))"
}

# ---------------------------------------------------------------------------------------------
# Checks.

# check_tree DIR N xpert|plain [STDOUT_BYTES]: DIR holds exactly the job directories 1..N, each
# with exactly one stdout log, one stderr log and one completion marker (xpert:
# stdout.<t>[.<n>].log, stderr.<t>[.<n>].log, completed.flag; plain: stdout, stderr, done).
check_tree() {
  local dir="$1" n="$2" style="$3" bytes="${4:-}"
  [[ -d $dir ]] || {
    log "  $dir is missing"
    return 1
  }
  find "$dir" -mindepth 1 -maxdepth 2 -printf '%d %y %P %s\n' | awk -v n="$n" -v style="$style" \
    -v bytes="$bytes" -v dir="$dir" '
    function bad(msg) { if (errors++ < 5) print "  " dir ": " msg > "/dev/stderr" }
    $1 == 1 { if ($2 == "d") { isdir[$3] = 1; dirs++ } else bad("stray file " $3); next }
    $1 == 2 && $2 == "f" {
      j = substr($3, 1, index($3, "/") - 1); f = substr($3, index($3, "/") + 1)
      if (style == "xpert") {
        if (f ~ /^stdout\.[0-9]+(\.[0-9]+)?\.log$/) { o[j]++; ob[j] += $4 }
        else if (f ~ /^stderr\.[0-9]+(\.[0-9]+)?\.log$/) e[j]++
        else if (f == "completed.flag") m[j]++
      } else {
        if (f == "stdout") { o[j]++; ob[j] += $4 }
        else if (f == "stderr") e[j]++
        else if (f == "done") m[j]++
      }
    }
    END {
      if (dirs != n) bad("expected " n " job directories, found " dirs + 0)
      for (i = 1; i <= n; i++) {
        if (!(i in isdir)) { bad("job " i ": no directory"); continue }
        if (o[i] != 1) bad("job " i ": " o[i] + 0 " stdout files, expected 1")
        if (e[i] != 1) bad("job " i ": " e[i] + 0 " stderr files, expected 1")
        if (m[i] != 1) bad("job " i ": no completion marker")
        if (bytes != "" && ob[i] != bytes) bad("job " i ": stdout has " ob[i] + 0 " bytes, expected " bytes)
      }
      exit errors > 0
    }'
}

# list_lines N: list.txt has N lines.
list_lines() {
  local lines
  lines="$(wc -l <list.txt)"
  ((lines == $1)) || {
    log "  xpert list printed $lines lines, expected $1"
    return 1
  }
}

# unchanged DIR STAMP: nothing under DIR was written after STAMP (a re-run ran no job).
unchanged() {
  local newer
  newer="$(find "$1" -newer "$2" -print -quit)"
  [[ -z $newer ]] || {
    log "  $1: $newer was written by the re-run, which should have skipped every job"
    return 1
  }
}

# ---------------------------------------------------------------------------------------------
# Timing: each tool has a directory $wd/<key>/<tool> to run in, and these per-tool strings,
# evaluated there: prep (untimed, before each run), cmd (timed), check (untimed, after each run).

declare -A prep cmd check
results="" # lines: pass key tool seconds

# measure KEY RUNS WARMUP TOOL...: WARMUP untimed runs, then RUNS timed runs of each tool, taking
# turns and rotating the order. Records the times; exits 1 on a failed run or check.
measure() {
  local key="$1" reps="$2" warmup="$3"
  shift 3
  local tools=("$@") n=$# r k t t0 t1 rc
  local load0
  load0="$(cut -d' ' -f1 /proc/loadavg)"
  for ((r = 1 - warmup; r <= reps; r++)); do
    for ((k = 0; k < n; k++)); do
      t="${tools[(k + r + n * warmup) % n]}"
      cd "$wd/$key/$t"
      eval "${prep[$t]:-}"
      t0="$EPOCHREALTIME"
      if eval "${cmd[$t]}" >/dev/null 2>"$wd/$key/$t.stderr"; then rc=0; else rc=$?; fi
      t1="$EPOCHREALTIME"
      if ((rc != 0)); then
        log "bench: $key: $t exited with status $rc; its stderr:"
        tail -n 20 "$wd/$key/$t.stderr" >&2
        exit 1
      fi
      eval "${check[$t]}" || die "$key: $t's output is wrong (see above)"
      cd "$wd"
      if ((r >= 1)); then
        results+="$pass $key $t $((${t1/./} - ${t0/./}))"$'\n'
      fi
    done
  done
  log "  $key done (load average ${load0} -> $(cut -d' ' -f1 /proc/loadavg))"
  loads+="| $pass | $key | $load0 | $(cut -d' ' -f1 /proc/loadavg) |"$'\n'
}

# Sweep file: N jobs `CMD` with uid d/{i}, i = 1..N.
write_sweep() {
  local file="$1" n="$2" c="$3"
  [[ $c != *[\"\\\{\}]* ]] || die "write_sweep: the command must not contain quotes, backslashes or braces"
  printf 'cmd = "%s"\nuid = "d/{i}"\ni = [%s]\n' "$c" "$(seq -s ', ' 1 "$n")" >"$file"
}

job_script() { printf 'mkdir -p d/{} && %s > d/{}/stdout 2> d/{}/stderr && : > d/{}/done' "$1"; }

# define_jobs KEY N P CMD: the four tools run N jobs of CMD, P at once, from scratch.
define_jobs() {
  local key="$1" n="$2" p="$3" c="$4" t job
  job="$(job_script "$c")"
  for t in xpert xargs parallel floor; do mkdir -p "$wd/$key/$t"; done
  write_sweep "$wd/$key/xpert/sweep.toml" "$n" "$c"
  printf -v "cmd[xpert]" '%q run sweep.toml -j %d --color never' "$xpert" "$p"
  printf -v "cmd[xargs]" 'seq %d | xargs -P %d -I{} /bin/sh -c %q' "$n" "$p" "$job"
  printf -v "cmd[parallel]" 'seq %d | parallel --will-cite -u -j %d %q' "$n" "$p" "$job"
  printf -v "cmd[floor]" '%q %d %d %q d' "$floor" "$n" "$p" "$c"
  for t in xpert xargs parallel floor; do prep[$t]="rm -rf d"; done
  check[xpert]="check_tree d $n xpert ${5:-}"
  for t in xargs parallel floor; do check[$t]="check_tree d $n plain ${5:-}"; done
}

# define_rerun KEY N P: the four tools re-run N complete jobs of `true` (set up beforehand).
define_rerun() {
  local key="$1" n="$2" p="$3" t job
  job="$(job_script true)"
  printf -v "cmd[xpert]" '%q run sweep.toml -j %d --color never' "$xpert" "$p"
  # shellcheck disable=SC2016 # $i is for the job's shell
  printf -v "cmd[xargs]" 'seq %d | /bin/sh -c %q | xargs -r -P %d -I{} /bin/sh -c %q' "$n" \
    'while read -r i; do [ -e "d/$i/done" ] || echo "$i"; done' "$p" "$job"
  printf -v "cmd[parallel]" 'seq %d | parallel --will-cite --resume --joblog joblog -u -j %d %q' \
    "$n" "$p" "$job"
  printf -v "cmd[floor]" '%q %d %d true d --skip' "$floor" "$n" "$p"
  for t in xpert xargs parallel floor; do prep[$t]=""; done
  check[xpert]="check_tree d $n xpert && unchanged d ../stamp"
  for t in xargs parallel floor; do check[$t]="check_tree d $n plain && unchanged d ../stamp"; done
}

# peak_rss KEY TOOL: one more run of TOOL under GNU time; records the largest resident set
# (KiB) in the runner's process tree.
peak_rss() {
  local key="$1" t="$2" kib
  cd "$wd/$key/$t"
  eval "${prep[$t]:-}"
  /usr/bin/time -f '%M' -o "$wd/$key/$t.rss" /bin/sh -c "${cmd[$t]}" >/dev/null 2>"$wd/$key/$t.stderr" ||
    die "$key: $t failed under /usr/bin/time"
  eval "${check[$t]}" || die "$key: $t's output is wrong (see above)"
  kib="$(tail -n 1 "$wd/$key/$t.rss")"
  rss["$pass $key $t"]="$kib"
  cd "$wd"
}

# ---------------------------------------------------------------------------------------------
# The workloads, in one pass over a work directory.

declare -A rss
loads=""
w6_state="not run"

run_pass() {
  pass="$1"
  make_workdir "$pass"
  cd "$wd"
  mkdir -p "$wd/tmp"
  export TMPDIR="$wd/tmp" PARALLEL_SHELL=/bin/sh
  log "bench: $pass pass in $wd_desc"
  pass_desc+="- $pass: $wd_desc"$'\n'

  if wanted W1; then
    for p in 2 8; do
      define_jobs "W1-P$p" "$w1_n" "$p" true
      measure "W1-P$p" "$runs" 1 xpert xargs parallel floor
    done
    rm -rf "$wd"/W1-*
  fi

  if wanted W2; then
    define_jobs W2 "$w2_n" "$w2_p" "sleep $w2_sleep"
    measure W2 "$w2_runs" 0 xpert xargs parallel floor
    rm -rf "$wd/W2"
  fi

  if wanted W4; then
    define_jobs W4 1 1 "head -c $w4_bytes /dev/zero" "$w4_bytes"
    measure W4 "$runs" 1 xpert xargs parallel floor
    for t in xpert xargs parallel floor; do peak_rss W4 "$t"; done
    rm -rf "$wd/W4"
  fi

  if wanted W5; then
    local axis
    axis="$(seq -s ', ' 0 $((w5_axis - 1)))"
    mkdir -p "$wd/W5/xpert"
    printf 'cmd = "true {a} {b} {c}"\nuid = "d/{a}/{b}/{c}"\na = [%s]\nb = [%s]\nc = [%s]\n' \
      "$axis" "$axis" "$axis" >"$wd/W5/xpert/sweep.toml"
    printf -v "cmd[xpert]" '%q list sweep.toml > list.txt' "$xpert"
    prep[xpert]="rm -f list.txt"
    check[xpert]="list_lines $((w5_axis ** 3))"
    measure W5 "$runs" 0 xpert
    peak_rss W5 xpert
    rm -rf "$wd/W5"
  fi

  if wanted W3 || wanted W6; then
    local n key t
    for n in "$w3_small" "$w3_big"; do
      key="W3-$n"
      for t in xpert xargs parallel floor; do mkdir -p "$wd/$key/$t"; done
      write_sweep "$wd/$key/xpert/sweep.toml" "$n" true
      if ((n == w3_small)); then
        # A first real run of each tool leaves the complete directories (and parallel's joblog).
        define_jobs "$key" "$n" "$w3_p" true
        printf -v "cmd[parallel]" 'seq %d | parallel --will-cite --joblog joblog -u -j %d %q' \
          "$n" "$w3_p" "$(job_script true)"
        for t in xpert xargs parallel floor; do
          (cd "$wd/$key/$t" && eval "${cmd[$t]}" >/dev/null 2>"$wd/$key/$t.stderr") ||
            die "$key: the first run of $t failed"
        done
      else
        # xargs, parallel and the floor: gen_done writes the directories their finished run
        # leaves, and parallel gets a joblog that lists every job as run. Xpert: a real run, so
        # that the directories hold everything Xpert writes (with --fast-setup, gen_done).
        for t in xargs parallel floor; do "$gen_done" "$n" "$wd/$key/$t/d" plain; done
        {
          printf 'Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand\n'
          seq "$n" | awk -v c="$(job_script true)" 'BEGIN { OFS = "\t" }
            { s = c; gsub(/\{\}/, $1, s); print $1, ":", "1700000000.000", "0.001", 0, 0, 0, 0, s }'
        } >"$wd/$key/parallel/joblog"
        if ((fast_setup)); then
          "$gen_done" "$n" "$wd/$key/xpert/d" xpert
        else
          log "  $key: a first real xpert run of $n jobs (takes a while)"
          (cd "$wd/$key/xpert" && "$xpert" run sweep.toml -j 4 --color never >/dev/null) ||
            die "$key: the first run of xpert failed"
        fi
      fi
      # Every tool must see all jobs as complete before the re-run is timed.
      summary="$(cd "$wd/$key/xpert" && "$xpert" run sweep.toml -j "$w3_p" --color never | tail -n 1)"
      [[ $summary == "Skipped [$n/$n]" ]] ||
        die "$key: xpert does not see the $n jobs as complete (its summary: $summary)"
      check_tree "$wd/$key/xpert/d" "$n" xpert || die "$key: xpert's first run is incomplete"
      for t in xargs parallel floor; do
        check_tree "$wd/$key/$t/d" "$n" plain || die "$key: $t's first run is incomplete"
      done
      touch "$wd/$key/stamp"
      sleep 0.05 # past the file system's timestamp granularity
      if wanted W3; then
        define_rerun "$key" "$n" "$w3_p"
        measure "$key" "$runs" 1 xpert xargs parallel floor
      fi
      if ((n != w3_big)); then rm -rf "${wd:?}/$key"; fi
    done
    for t in xargs parallel floor; do rm -rf "$wd/W3-$w3_big/$t"; done
  fi

  if wanted W6; then
    if "$xpert" status --help 2>&1 | grep -q 'USAGE: xpert status'; then
      mkdir -p "$wd/W6"
      mv "$wd/W3-$w3_big/xpert" "$wd/W6/xpert"
      printf -v "cmd[xpert]" '%q status sweep.toml' "$xpert"
      prep[xpert]=""
      check[xpert]="check_tree d $w6_n xpert && unchanged d ../../W3-$w3_big/stamp"
      measure W6 "$runs" 1 xpert
      w6_state="measured"
    else
      log "W6: skipped (xpert status not available)"
      w6_state="skipped (xpert status not available)"
    fi
  fi
  rm -rf "$wd/W3-$w3_big" "$wd/W6"
}

pass_desc=""
run_pass tmpfs
if ((disk)); then run_pass disk; fi
cd "$repo"

# ---------------------------------------------------------------------------------------------
# Report.

# stat_of PASS KEY TOOL: "median min max" in seconds, or nothing.
stat_of() {
  printf '%s' "$results" | awk -v p="$1" -v k="$2" -v t="$3" '$1 == p && $2 == k && $3 == t { printf "%.6f\n", $4 / 1e6 }' |
    sort -g | awk '{ v[NR] = $1 } END {
      if (NR == 0) exit
      m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
      printf "%.6f %.6f %.6f\n", m, v[1], v[NR] }'
}
# fmt SECONDS: 3 significant figures in s or ms.
fmt() { awk -v s="$1" 'BEGIN {
  if (s >= 1) printf "%.2f s", s; else if (s >= 0.1) printf "%.0f ms", s * 1000
  else if (s >= 0.01) printf "%.1f ms", s * 1000; else printf "%.2f ms", s * 1000 }'; }
# cell "median min max": "median (min–max)" in the median's unit.
cell() {
  [[ -n $1 ]] || {
    printf '—'
    return
  }
  read -r m lo hi <<<"$1"
  awk -v m="$m" -v lo="$lo" -v hi="$hi" 'BEGIN {
    if (m >= 1) { f = 1; u = " s"; d = "%.2f" } else { f = 1000; u = " ms"; d = (m >= 0.1 ? "%.0f" : (m >= 0.01 ? "%.1f" : "%.2f")) }
    printf d u " (" d "–" d ")", m * f, lo * f, hi * f }'
}
ratio() {
  [[ -n $1 && -n $2 ]] || {
    printf '—'
    return
  }
  awk -v a="${1%% *}" -v b="${2%% *}" 'BEGIN { printf "%.2f×", a / b }'
}
med() { printf '%s' "${1%% *}"; }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f MB", k * 1024 / 1e6 }'; }
# goal PASS NAME VALUE_TEXT TARGET_TEXT CONDITION(awk, v = value)
goals=""
goal() {
  local verdict
  if [[ -z $3 ]]; then
    verdict="not run"
  elif awk -v v="$3" "BEGIN { exit !($5) }"; then verdict="met"; else verdict="**missed**"; fi
  goals+="| $1 | $2 | $4 | $verdict |"$'\n'
}

{
  echo "## Xpert benchmark results"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- machine: $(nproc) CPUs, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)," \
    "$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), Linux $(uname -r)"
  printf '%s' "$pass_desc"
  echo "- xpert: $("$xpert" --version 2>/dev/null | head -1), $xpert_source"
  echo "- xargs: $(xargs --version | head -1); GNU parallel: $(parallel --version | head -1);" \
    "cc: $(cc --version | head -1); $(/bin/sh -c 'readlink -f /bin/sh')"
  echo "- runs: $runs per tool and workload (W2: $w2_runs), after one untimed warm-up run" \
    "(none for W2 and W5); median (min–max) of wall time"
  if ((quick)); then echo "- **quick mode**: reduced sizes, goals not judged"; fi
  echo
  for p in tmpfs disk; do
    [[ $p == tmpfs || $disk == 1 ]] || continue
    if ((disk)); then
      echo "### $p"
      echo
    fi
    echo "| workload | Xpert | xargs -P | GNU parallel | C floor | Xpert/xargs | Xpert/parallel | Xpert/floor |"
    echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
    row() { # row KEY LABEL
      local x a g f
      x="$(stat_of "$p" "$1" xpert)" a="$(stat_of "$p" "$1" xargs)"
      g="$(stat_of "$p" "$1" parallel)" f="$(stat_of "$p" "$1" floor)"
      [[ -n $x$a$g$f ]] || return 0
      echo "| $2 | $(cell "$x") | $(cell "$a") | $(cell "$g") | $(cell "$f") | $(ratio "$x" "$a") | $(ratio "$x" "$g") | $(ratio "$x" "$f") |"
    }
    row W1-P2 "W1: $w1_n × \`true\`, P=2"
    row W1-P8 "W1: $w1_n × \`true\`, P=8"
    row W2 "W2: $w2_n × \`sleep $w2_sleep\`, P=$w2_p"
    row "W3-$w3_small" "W3: re-run, $w3_small complete"
    row "W3-$w3_big" "W3: re-run, $w3_big complete"
    row W4 "W4: 1 job, $((w4_bytes / 1048576)) MiB to stdout"
    row W5 "W5: \`xpert list\`, $((w5_axis ** 3)) jobs"
    if wanted W6; then
      if [[ $w6_state == measured ]]; then row W6 "W6: \`xpert status\`, $w6_n done"; else
        echo "| W6: \`xpert status\`, $w6_n done | $w6_state | | | | | | |"
      fi
    fi
    echo
    # Derived metrics.
    echo "| metric | Xpert | xargs -P | GNU parallel | C floor |"
    echo "| --- | --- | --- | --- | --- |"
    metric() { # metric LABEL AWK_EXPR(v = median seconds) KEY
      local line="| $1 |" t s
      for t in xpert xargs parallel floor; do
        s="$(stat_of "$p" "$3" "$t")"
        if [[ -n $s ]]; then line+=" $(awk -v v="${s%% *}" "BEGIN { $2 }") |"; else line+=" — |"; fi
      done
      echo "$line"
    }
    if wanted W1; then
      metric "W1 P=2: ms per job" "printf \"%.3f\", v * 1000 / $w1_n" W1-P2
      metric "W1 P=8: ms per job" "printf \"%.3f\", v * 1000 / $w1_n" W1-P8
    fi
    if wanted W2; then
      ideal="$(awk -v n="$w2_n" -v s="$w2_sleep" -v p="$w2_p" 'BEGIN { printf "%.4f", n * s / p }')"
      metric "W2: excess over the ideal ${ideal} s" "printf \"%.3f s\", v - $ideal" W2
    fi
    if wanted W4; then
      metric "W4: throughput" "printf \"%.0f MB/s\", $w4_bytes / v / 1e6" W4
      line="| W4: peak RSS (runner's process tree) |"
      for t in xpert xargs parallel floor; do line+=" $(mb "${rss["$p W4 $t"]:-0}") |"; done
      echo "$line"
    fi
    if wanted W5; then echo "| W5: peak RSS | $(mb "${rss["$p W5 xpert"]:-0}") | — | — | — |"; fi
    echo
    # Goals (tmpfs, full sizes only).
    if [[ $p == tmpfs ]] && ((!quick)); then
      for pp in 2 8; do
        x="$(stat_of "$p" "W1-P$pp" xpert)" a="$(stat_of "$p" "W1-P$pp" xargs)"
        g="$(stat_of "$p" "W1-P$pp" parallel)" f="$(stat_of "$p" "W1-P$pp" floor)"
        [[ -n $x ]] || continue
        goal "W1 P=$pp" "Xpert/xargs = $(ratio "$x" "$a")" "$(awk -v a="$(med "$x")" -v b="$(med "$a")" 'BEGIN { print a / b }')" "≤ 0.5×" "v <= 0.5"
        goal "W1 P=$pp" "Xpert/parallel = $(ratio "$x" "$g")" "$(awk -v a="$(med "$x")" -v b="$(med "$g")" 'BEGIN { print a / b }')" "≤ 0.25×" "v <= 0.25"
        goal "W1 P=$pp (stretch)" "Xpert/floor = $(ratio "$x" "$f")" "$(awk -v a="$(med "$x")" -v b="$(med "$f")" 'BEGIN { print a / b }')" "≤ 2×" "v <= 2"
      done
      x="$(stat_of "$p" W2 xpert)"
      if [[ -n $x ]]; then
        v="$(awk -v m="$(med "$x")" -v i="$ideal" 'BEGIN { print m - i }')"
        goal W2 "excess = $(printf '%.3f' "$v") s" "$v" "≤ 0.3 s" "v <= 0.3"
      fi
      x="$(stat_of "$p" "W3-$w3_big" xpert)"
      [[ -z $x ]] || goal W3 "$w3_big complete: $(fmt "$(med "$x")")" "$(med "$x")" "< 1 s" "v < 1"
      x="$(stat_of "$p" "W3-$w3_small" xpert)"
      [[ -z $x ]] || goal W3 "$w3_small complete: $(fmt "$(med "$x")")" "$(med "$x")" "< 20 ms" "v < 0.02"
      x="$(stat_of "$p" W4 xpert)" a="$(stat_of "$p" W4 xargs)"
      if [[ -n $x ]]; then
        goal W4 "Xpert/xargs = $(ratio "$x" "$a")" "$(awk -v a="$(med "$x")" -v b="$(med "$a")" 'BEGIN { print a / b }')" "≤ 1.1×" "v <= 1.1"
        goal W4 "peak RSS = $(mb "${rss["$p W4 xpert"]}")" "${rss["$p W4 xpert"]}" "< 30 MB" "v * 1024 < 30e6"
      fi
      x="$(stat_of "$p" W5 xpert)"
      if [[ -n $x ]]; then
        goal W5 "time = $(fmt "$(med "$x")")" "$(med "$x")" "< 3 s" "v < 3"
        goal W5 "peak RSS = $(mb "${rss["$p W5 xpert"]}")" "${rss["$p W5 xpert"]}" "< 500 MB" "v * 1024 < 500e6"
      fi
      if wanted W6; then
        x="$(stat_of "$p" W6 xpert)"
        if [[ -n $x ]]; then goal W6 "time = $(fmt "$(med "$x")")" "$(med "$x")" "< 1 s" "v < 1"; else
          goals+="| W6 | $w6_state | < 1 s | not measured |"$'\n'
        fi
      fi
      echo "| goal | measured (median) | target | verdict |"
      echo "| --- | --- | --- | --- |"
      printf '%s' "$goals"
      echo
    fi
  done
  echo "Load average (1 min) at the start and end of each workload:"
  echo
  echo "| pass | workload | before | after |"
  echo "| --- | --- | --- | --- |"
  printf '%s' "$loads"
} >"$out"
printf '%s' "$results" | awk 'BEGIN { print "pass\tworkload\ttool\tseconds" } { printf "%s\t%s\t%s\t%.6f\n", $1, $2, $3, $4 / 1e6 }' >"${out%.md}.tsv"

cat "$out"
log ""
log "bench: results written to $out (raw times: ${out%.md}.tsv)"
