#!/usr/bin/env bash
# Benchmark TOMLParser against Python's tomllib on the same generated files, in one run.
#
#   Benchmarks/toml-bench.sh
#
# Generates the inputs (generate_inputs.py) into a temporary folder, builds toml-bench in
# release mode, and for each file runs, each in a fresh process: toml-bench (median and minimum
# of N parses, peak RSS) and python3 with tomllib (the same, timed with time.perf_counter, peak
# RSS from resource.getrusage). empty.toml gives both processes' baseline RSS. Prints a Markdown
# table; the last column is tomllib's median time over TOMLParser's.
# Repetitions: SMALL_REPS (default 200) for the small files, LARGE_REPS (default 5) for the
# 10 MB ones.
set -euo pipefail

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
small_reps="${SMALL_REPS:-200}"
large_reps="${LARGE_REPS:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 "$bench_dir/generate_inputs.py" "$work"
(cd "$bench_dir" && swift build -c release --product toml-bench >&2)
bench="$(cd "$bench_dir" && swift build -c release --show-bin-path)/toml-bench"

python_bench='
import resource, statistics, sys, time, tomllib
path, reps = sys.argv[1], int(sys.argv[2])
data = open(path, "rb").read()
times = []
for _ in range(reps):
    start = time.perf_counter()
    tomllib.loads(data.decode())
    times.append((time.perf_counter() - start) * 1e3)
print(f"{statistics.median(times):.3f}\t{min(times):.3f}\t{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}")
'

mib() { awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'; }

echo "| file | size | TOMLParser median | min | peak RSS | tomllib median | min | peak RSS | tomllib / TOMLParser |"
echo "|---|---|---|---|---|---|---|---|---|"
for name in empty sweep tables integers; do
  file="$work/$name.toml"
  reps="$small_reps"
  [[ "$name" == tables || "$name" == integers ]] && reps="$large_reps"
  IFS=$'\t' read -r _ bytes _ swift_median swift_min swift_rss _ < <("$bench" -n "$reps" "$file" | tail -n 1)
  IFS=$'\t' read -r py_median py_min py_rss < <(python3 -c "$python_bench" "$file" "$reps")
  ratio="$(awk -v p="$py_median" -v s="$swift_median" 'BEGIN { if (s > 0) printf "%.1fx", p / s; else print "-" }')"
  echo "| $name.toml | $bytes B | $swift_median ms | $swift_min ms | $(mib "$swift_rss") | $py_median ms | $py_min ms | $(mib "$py_rss") | $ratio |"
done
echo
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(swift --version 2>/dev/null | head -n 1), $(python3 --version)"
