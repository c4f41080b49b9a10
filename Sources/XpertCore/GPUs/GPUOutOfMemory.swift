/// Recognizes a job that ran out of GPU memory, by what frameworks print on stderr.
public enum GPUOutOfMemory {
  /// What PyTorch, CUDA, cuBLAS, cuDNN, TensorFlow and JAX print when the device's memory is
  /// exhausted.
  public static let signs = [
    "CUDA out of memory", "CUDA error: out of memory", "cudaErrorMemoryAllocation",
    "CUBLAS_STATUS_ALLOC_FAILED", "CUDNN_STATUS_ALLOC_FAILED", "RESOURCE_EXHAUSTED",
    "OutOfMemoryError", "CUDA_ERROR_OUT_OF_MEMORY", "out of memory trying to allocate",
  ]

  /// The first sign found in `text` (the tail of a job's stderr), if any.
  public static func sign(in text: String) -> String? {
    signs.first { text.contains($0) }
  }
}
