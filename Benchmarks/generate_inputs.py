#!/usr/bin/env python3
"""Write the benchmark inputs into DIR (deterministic: a fixed random seed).

usage: generate_inputs.py DIR

  empty.toml    nothing: the baseline (process start, runtime, reading no bytes)
  sweep.toml    a realistic 1,000-line Xpert sweep config: top-level keys, [[exp]] groups with
                arrays, comments, strings, inline tables, a [flags] table
  tables.toml   100,000 small tables (~10 MB)
  integers.toml one array of 1,000,000 integers on one line (~10 MB)
"""
import pathlib
import random
import sys


def sweep(rng):
    lines = [
        "# Sweep over models, learning rates and seeds.",
        'cmd = "python train.py --model {model} --lr {lr} --seed {seed} --out {uid}"',
        'uid = "runs/{name}/{model}-{lr}-{seed}"  # one folder per job',
        'description = """',
        "A realistic configuration: many experiment groups, each a cross product.",
        '"""',
        "",
        "[flags]",
        "num_proc = 4",
        'gpu_indices = ["0", "1", "2,3"]',
        "restart = false",
        "",
    ]
    group = 0
    while len(lines) < 990:
        group += 1
        lines += [
            f"[[exp]]  # group {group}",
            f'name = "group-{group}"',
            f"model = [{', '.join(repr(m) for m in rng.sample(['resnet18', 'resnet50', 'vit_b16', 'mlp', 'gpt2'], 3))}]",
            f"lr = [{', '.join(str(10 ** -rng.randint(1, 5)) for _ in range(4))}]",
            f"seed = [{', '.join(str(rng.randint(0, 9999)) for _ in range(5))}]",
            f"batch_size = {rng.choice([32, 64, 128, 256])}",
            f'optimizer = {{ name = "adamw", betas = [0.9, 0.999], weight_decay = {rng.random():.4f} }}',
            f"dropout = {rng.random():.3f}",
            f"# a comment about group {group}: {'x' * rng.randint(10, 60)}",
            f"tags = ['{rng.choice(['baseline', 'ablation', 'final'])}', 'v{rng.randint(1, 9)}']",
            "",
        ]
    lines += ["# end"] * (1000 - len(lines))
    return "\n".join(lines[:1000]) + "\n"


def tables(rng):
    out = []
    for index in range(100_000):
        out.append(
            f"[table_{index:06d}]\n"
            f'name = "experiment number {index}"\n'
            f"value = {rng.randint(-10**9, 10**9)}\n"
            f"ratio = {rng.random():.6f}\n"
            f"enabled = {'true' if index % 2 else 'false'}\n"
        )
    return "".join(out)


def integers(rng):
    return "values = [" + ", ".join(str(rng.randint(0, 99_999_999)) for _ in range(1_000_000)) + "]\n"


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    folder = pathlib.Path(sys.argv[1])
    rng = random.Random(20_26)
    for name, make in [("empty", lambda rng: ""), ("sweep", sweep), ("tables", tables), ("integers", integers)]:
        (folder / f"{name}.toml").write_text(make(rng), encoding="utf-8")


if __name__ == "__main__":
    main()
