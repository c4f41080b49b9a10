#!/usr/bin/env bash
# Fuzz the TOML parser with libFuzzer (debug build, AddressSanitizer).
#
#   Fuzz/run.sh [SECONDS]        default 600
#
# Seeds Fuzz/corpus/ (git-ignored) with the .toml files of the toml-test corpus in
# $XPERT_SHARED/toml-test/tests (default: ../shared beside the repository) and with the
# regression inputs in Tests/TOMLTests/Fixtures/fuzz/, then fuzzes for SECONDS with one job.
# Findings (crash-*, timeout-*, oom-*) go to Fuzz/crashes/; copy each one into
# Tests/TOMLTests/Fixtures/fuzz/ so that FuzzRegressionTests keeps it fixed.
# Extra libFuzzer flags can be given in FUZZ_FLAGS (e.g. FUZZ_FLAGS="-max_len=65536").
set -euo pipefail

seconds="${1:-600}"
fuzz_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$fuzz_dir/.." && pwd)"
shared="${XPERT_SHARED:-$repo/../shared}"
corpus="$fuzz_dir/corpus"
crashes="$fuzz_dir/crashes"
regressions="$repo/Tests/TOMLTests/Fixtures/fuzz"

cd "$fuzz_dir"
# SwiftPM passes its sanitizers to swiftc as separate -sanitize= flags in a random order (a Set),
# and swiftc keeps only the last one: half of all builds would lack either the coverage
# instrumentation (libFuzzer then fuzzes blind) or AddressSanitizer. The -Xswiftc flag comes
# last and names both.
build=(swift build -c debug --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address)
"${build[@]}"
fuzzer="$("${build[@]}" --show-bin-path)/TOMLFuzz"

# Refuse to fuzz an uninstrumented build: libFuzzer names the coverage counters it found.
probe="$(mktemp -d)"
counters="$(SWIFT_BACKTRACE=enable=no "$fuzzer" -runs=0 "$probe" 2>&1 |
  sed -n 's/.*(\([0-9]*\) inline 8-bit counters).*/\1/p' | head -n 1 || true)"
rm -rf "$probe"
if [[ -z "$counters" || "$counters" -lt 500 ]]; then
  echo "error: $fuzzer has ${counters:-no} coverage counters: the TOML module is not instrumented" >&2
  exit 1
fi
echo "instrumented: $counters coverage counters"

mkdir -p "$corpus" "$crashes"
seeded=0
if [[ -d "$shared/toml-test/tests" ]]; then
  while IFS= read -r -d '' file; do
    # Flatten the path into a unique file name: valid/string/escapes.toml -> valid_string_escapes.toml
    name="${file#"$shared/toml-test/tests/"}"
    cp "$file" "$corpus/seed_${name//\//_}"
    seeded=$((seeded + 1))
  done < <(find "$shared/toml-test/tests" -name '*.toml' -print0)
  echo "seeded $seeded files from $shared/toml-test/tests"
else
  echo "no toml-test corpus at $shared/toml-test/tests (set XPERT_SHARED); seeding from regressions"
fi
if [[ -d "$regressions" ]]; then
  for file in "$regressions"/*; do
    [[ -f "$file" ]] || continue
    cp "$file" "$corpus/regression_$(basename "$file")"
    seeded=$((seeded + 1))
  done
fi
if [[ "$seeded" -eq 0 ]]; then
  printf 'a = 1\n[t]\nb = "x"\n' >"$corpus/seed_minimal.toml"
fi

# One job: the machine has two cores and others build on it. -max_len keeps the large
# regression inputs (100,000 brackets) from slowing every mutation: libFuzzer reads them
# truncated to it, so those stay covered whole by FuzzRegressionTests instead.
# Swift's own crash backtracer clashes with AddressSanitizer (it trips ASan reading memory, then
# waits 30 s): let libFuzzer and ASan report crashes and symbolize the stack instead.
export SWIFT_BACKTRACE="enable=no"
status=0
# shellcheck disable=SC2086
"$fuzzer" \
  -max_total_time="$seconds" \
  -max_len=8192 \
  -timeout=10 \
  -rss_limit_mb=4096 \
  -dict="$fuzz_dir/toml.dict" \
  -artifact_prefix="$crashes/" \
  -print_final_stats=1 \
  ${FUZZ_FLAGS:-} \
  "$corpus" || status=$?

findings="$(find "$crashes" -type f | wc -l)"
echo "corpus: $(find "$corpus" -type f | wc -l) files; findings in $crashes: $findings"
if [[ "$findings" -gt 0 ]]; then
  ls -l "$crashes"
  echo "copy each finding into $regressions (see FuzzRegressionTests.swift)"
fi
exit "$status"
