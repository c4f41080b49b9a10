#!/usr/bin/env python3
"""Holds a real CUDA context and MIB MiB of device memory for SECONDS seconds (or until
SIGTERM), through the driver API (libcuda, present wherever the NVIDIA driver is): a stand-in
for a training job, or another user's process, in scripts/gpu-check.sh. Prints "holding" once
the memory is allocated."""
import ctypes
import signal
import sys
import time

mib, seconds = int(sys.argv[1]), float(sys.argv[2])
cuda = ctypes.CDLL("libcuda.so.1")


def check(result, what):
    if result != 0:
        sys.exit(f"gpu-hog: {what} failed with CUDA error {result}")


check(cuda.cuInit(0), "cuInit")
device, context, memory = ctypes.c_int(), ctypes.c_void_p(), ctypes.c_uint64()
check(cuda.cuDeviceGet(ctypes.byref(device), 0), "cuDeviceGet")
check(cuda.cuCtxCreate_v2(ctypes.byref(context), 0, device), "cuCtxCreate")
check(cuda.cuMemAlloc_v2(ctypes.byref(memory), ctypes.c_size_t(mib << 20)), "cuMemAlloc")
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
print("holding", mib, "MiB", flush=True)
time.sleep(seconds)
