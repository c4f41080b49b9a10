import ArgumentParser

/// `--gpus "0;1,2"` or repeated `--gpu`: the GPU entries, overriding `gpu_indices`.
struct SlotOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "GPU entries separated by ';', each one CUDA_VISIBLE_DEVICES value, or 'auto' for every "
        + "GPU nvidia-smi finds (overrides gpu_indices).",
      valueName: "entries"))
  var gpus: String?

  @Option(
    name: .customLong("gpu"),
    help: ArgumentHelp("One GPU entry; repeat for more (instead of --gpus).", valueName: "entry"))
  var gpu: [String] = []

  func validate() throws {
    if gpus != nil && !gpu.isEmpty {
      throw ValidationError("Give GPU entries either with --gpus or with --gpu, not both.")
    }
    if let gpus, Self.split(gpus).isEmpty {
      throw ValidationError("--gpus names no GPU entry; write e.g. --gpus \"0;1,2\".")
    }
    if gpu.contains(where: { $0.isEmpty || $0.contains(where: \.isWhitespace) }) {
      throw ValidationError("--gpu needs a non-empty entry such as 0 or 1,2.")
    }
  }

  /// Whether `--gpus auto` was given.
  var auto: Bool { gpus == "auto" }

  /// The entries given on the command line, if any.
  var entries: [String]? {
    if let gpus, gpus != "auto" { return Self.split(gpus) }
    return gpu.isEmpty ? nil : gpu
  }

  private static func split(_ text: String) -> [String] {
    text.split(separator: ";").map { String($0.filter { $0 != " " }) }.filter { !$0.isEmpty }
  }
}
