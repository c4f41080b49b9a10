#!/usr/bin/env bash
# Checks Xpert's GPU handling on a real NVIDIA machine (issue 14): "auto" finds the GPUs, a GPU
# with another process is skipped until it frees, and two jobs share a GPU with jobs_per_gpu =
# 2 (their own CUDA contexts do not make it look busy). Needs nvidia-smi and libcuda (the
# driver), python3, and an xpert binary: $XPERT, or one built here.
#   scripts/gpu-check.sh            # prints PASS/FAIL per check; exit 1 if any failed
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
xpert=${XPERT:-}
if [ -z "$xpert" ]; then
  (cd "$here/.." && swift build -c release --product xpert >/dev/null)
  xpert="$(cd "$here/.." && swift build -c release --show-bin-path)/xpert"
fi
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
cd "$work"
cp "$here/gpu-hog.py" .
export XPERT_GPU_LEASE_DIR="$work/leases"
failed=0
pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1"; failed=1; }
wait_for() { # wait_for SECONDS FILE TEXT
  for _ in $(seq $(( $1 * 10 ))); do grep -q "$3" "$2" 2>/dev/null && return 0; sleep 0.1; done
  return 1
}

echo "== nvidia-smi -L"; nvidia-smi -L
gpus=$(nvidia-smi -L | grep -c '^GPU ')

# 1. auto: one slot per GPU (or MIG device), named in the job's record.
printf 'cmd = "echo $CUDA_VISIBLE_DEVICES"\nuid = "auto/{i}"\ni = [1]\n[flags]\ngpu_indices = "auto"\n' > auto.toml
"$xpert" run auto.toml > auto.out 2>&1 || true
cat auto.out
if grep -q "GPUs found by nvidia-smi: .*; [0-9]* slot" auto.out && grep -q "Successfully completed \[1/1\]" auto.out \
  && grep -q '"gpu_names"' auto/1/xpert-record.json; then pass "auto found $gpus GPU(s)"; else fail "auto"; fi

# 2. busy: another process on GPU 0 keeps the job off it until it ends.
CUDA_VISIBLE_DEVICES=0 python3 gpu-hog.py 1024 60 > hog.out 2>&1 &
hog=$!
wait_for 30 hog.out holding || fail "gpu-hog could not hold GPU 0: $(cat hog.out)"
printf 'cmd = "echo ran"\nuid = "busy/{i}"\ni = [1]\n[flags]\ngpu_indices = [0]\n' > busy.toml
"$xpert" run busy.toml > busy.out 2>&1 &
runner=$!
if wait_for 20 busy.out "GPU 0 is busy: 1 process that is not Xpert's" && ! grep -q "\[RUN\]" busy.out; then
  kill "$hog"; wait "$hog" 2>/dev/null || true
  if wait "$runner" && grep -q "Successfully completed \[1/1\]" busy.out; then pass "busy GPU skipped until it freed"
  else fail "busy: the run did not finish after the GPU freed"; fi
else
  fail "busy: the job was not held back"; kill "$hog" "$runner" 2>/dev/null || true
fi
cat busy.out

# 3. packing: two jobs with their own CUDA contexts share GPU 0 (jobs_per_gpu = 2).
printf '%s\n' 'cmd = "date +%s.%N; python3 ../../gpu-hog.py 1024 5; date +%s.%N"' \
  'uid = "pack/{i}"' 'i = [1, 2]' '[flags]' 'gpu_indices = [0]' 'jobs_per_gpu = 2' > pack.toml
sed -i 's|cmd = "|cmd = "cd {uid} \&\& |' pack.toml
timeout 120 "$xpert" run pack.toml > pack.out 2>&1 || true
cat pack.out
starts=$(for j in 1 2; do head -1 pack/$j/stdout.*.log; done | sort -n)
ends=$(for j in 1 2; do tail -1 pack/$j/stdout.*.log; done | sort -n)
if grep -q "Successfully completed \[2/2\]" pack.out && ! grep -q "busy" pack.out \
  && python3 -c "import sys; s=sorted(map(float,'''$starts'''.split())); e=sorted(map(float,'''$ends'''.split())); sys.exit(0 if s[1] < e[0] else 1)"; then
  pass "two jobs shared GPU 0"
else
  fail "packing: the jobs did not run on GPU 0 at once (their CUDA contexts made it look busy?)"
fi
exit $failed
