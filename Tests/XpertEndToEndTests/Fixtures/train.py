# A fake trainer, as researchers write them: per-epoch metrics on stdout, a checkpoint saved on
# SIGTERM (which takes CKPT_SECONDS), and CUDA_VISIBLE_DEVICES read at start.
#   EPOCHS        epochs to run (default: practically forever), 0.1 s each
#   CKPT_SECONDS  how long saving the checkpoint takes (default 1)
#   IGNORE_TERM=1 ignore SIGTERM altogether (a trainer that only SIGKILL stops)
#   PID_DIR       write this process's pid to PID_DIR/<XPERT_UID with / as _>
import os
import signal
import sys
import time


def on_term(signum, frame):
    time.sleep(float(os.environ.get("CKPT_SECONDS", "1")))
    with open("checkpoint.pt", "w") as checkpoint:
        checkpoint.write("weights\n")
    try:
        print("SIGTERM: checkpoint saved", flush=True)
    except OSError:
        pass  # stdout was a pipe whose reader is gone
    sys.exit(0)


signal.signal(signal.SIGTERM, signal.SIG_IGN if os.environ.get("IGNORE_TERM") == "1" else on_term)
if os.environ.get("PID_DIR"):
    name = os.environ["XPERT_UID"].replace("/", "_")
    with open(os.path.join(os.environ["PID_DIR"], name), "w") as pid_file:
        pid_file.write(str(os.getpid()))
print("pid", os.getpid(), "gpu", os.environ.get("CUDA_VISIBLE_DEVICES"), flush=True)
for epoch in range(int(os.environ.get("EPOCHS", "1000000"))):
    print(f"epoch {epoch} loss: {1 / (epoch + 1):.4f}", flush=True)
    time.sleep(0.1)
