#!/usr/bin/env bash
# Makes docs/report.png, the README's picture of `xpert report`: a small sweep of a fake
# trainer (2 models x 4 learning rates x 3 seeds, 20 steps each), run, reported, and the page rendered by
# headless Chromium (Debian's `chromium`).
#   scripts/report-screenshot.sh          (needs: swift, python3, chromium)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
(cd "$here" && swift build --product xpert >/dev/null)
xpert="$(cd "$here" && swift build --show-bin-path)/xpert"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
cat > train.py <<'PY'
import json, os, random, sys
lr, model, seed = float(sys.argv[1]), sys.argv[2], int(sys.argv[3])
random.seed(seed * 1000 + int(lr * 1e5))
best = {"resnet": 0.91, "vit": 0.94}[model]
with open(os.environ["XPERT_METRICS_FILE"], "a") as out:
    for step in range(1, 21):
        quality = 1 - abs((lr - 0.01) / 0.05)
        acc = best * max(0.3, quality) * (1 - 0.5 ** (step / 4)) + random.gauss(0, 0.01)
        out.write(json.dumps({"step": step, "val_acc": acc, "loss": 1.5 * (1 - acc)}) + "\n")
        print(f"epoch {step} loss: {1.5 * (1 - acc):.4f} val_acc: {acc:.4f}")
PY
cat > sweep.toml <<'TOML'
cmd = "python3 ../../../../train.py {lr} {model} {seed}"
uid = "runs/{model}/lr{lr}/s{seed}"
lr = [0.001, 0.003, 0.01, 0.03]
model = ["resnet", "vit"]
seed = [1, 2, 3]
[results]
metrics = ["val_acc", "loss:min"]
TOML
sed -i 's|cmd = "python3 ../../../../train.py|cmd = "cd {uid} \&\& python3 ../../../../train.py|' sweep.toml
"$xpert" run sweep.toml -j 4 > /dev/null
"$xpert" report sweep.toml -o report.html
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1220,1420 \
  --screenshot="$here/docs/report.png" "file://$work/report.html" 2>/dev/null
echo "wrote $here/docs/report.png"
