#!/usr/bin/env bash
# `xpert results` on a large sweep, against bench/results_reference.py (the same files read
# with the same rules in plain Python), timed in one run on one machine. Issue 15's scale:
# 10,000 completed jobs, each with a 100 KB stdout log and a 1,000-line metrics.jsonl; then a
# second call (the per-job cache), and the peak memory of reading one 1 GB log.
#   bench/results.sh [JOBS]      (default 10000; needs python3 and GNU time; ~2 GB of disk)
set -euo pipefail
jobs=${1:-10000}
here=$(cd "$(dirname "$0")" && pwd)
xpert=${XPERT_BIN:-}
if [ -z "$xpert" ]; then
  (cd "$here/.." && swift build -c release --product xpert >/dev/null)
  xpert="$(cd "$here/.." && swift build -c release --show-bin-path)/xpert"
fi
work=${WORK:-$(mktemp -d)}
mkdir -p "$work"
echo "working in $work"
cd "$work"
configs=$(( jobs / 5 ))
# One job's files: a 1,000-line metrics.jsonl and a 100 KB log of epoch lines and noise.
python3 - <<'PY'
import random
with open("metrics.jsonl", "w") as out:
    for step in range(1000):
        out.write('{"step": %d, "loss": %.5f, "val_acc": %.5f}\n' % (step, 1 / (step + 1), step / 1000))
with open("log.txt", "w") as out:
    size = 0
    epoch = 0
    while size < 100_000:
        line = ("epoch %d loss: %.4f acc=%.4f lr=1e-3\n" % (epoch, 1 / (epoch + 1), epoch / 3000)
                if epoch % 3 == 0 else "Training... batch %d of 500, images/sec %d\n" % (epoch, random.randint(100, 900)))
        out.write(line)
        size += len(line)
        epoch += 1
PY
python3 -c "
n=$configs
print('cmd = \"cd {uid} && cp ../../../metrics.jsonl \$XPERT_METRICS_FILE && cat ../../../log.txt\"')
print('uid = \"runs/c{c}/s{seed}\"')
print('c = [' + ', '.join(str(i) for i in range(n)) + ']')
print('seed = [1, 2, 3, 4, 5]')
" > sweep.toml
if [ ! -d runs ]; then
  echo "running $jobs jobs to make the directories..."
  "$xpert" run sweep.toml -j 4 > /dev/null
fi
sync
echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true
t() { /usr/bin/time -f "%e s, %M KB" "$@" > /dev/null; }
find runs -name ".xpert-metrics-c*" -delete
echo "== python3 results_reference.py (cold page cache where permitted)"
sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true
t python3 "$here/results_reference.py" runs
echo "== xpert results, first call (no cache)"
sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true
t "$xpert" results sweep.toml
echo "== python3 results_reference.py again (warm page cache)"
t python3 "$here/results_reference.py" runs
echo "== xpert results, first call again with a warm page cache (cache removed)"
find runs -name ".xpert-metrics-c*" -delete
t "$xpert" results sweep.toml
echo "== xpert results, second call (cache)"
t "$xpert" results sweep.toml
echo "== xpert report, first (reads the learning curves of the jobs it draws) and second call"
t "$xpert" report sweep.toml -o report.html
t "$xpert" report sweep.toml -o report.html
ls -l report.html | awk '{print "page: " $5 " bytes"}'
echo "== one 1 GB log"
mkdir -p big && printf 'cmd = "true"\nuid = "big/j"\n' > big.toml && "$xpert" run big.toml > /dev/null
log=$(ls big/j/stdout.*.log)
python3 -c "
import sys
line = open('log.txt').read()
with open('$log', 'w') as out:
    for _ in range(10_000): out.write(line)
"
t "$xpert" results big.toml
