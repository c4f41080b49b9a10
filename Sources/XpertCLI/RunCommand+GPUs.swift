import XpertCore
import XpertReport
import XpertRuntime

extension RunCommand {
  /// The GPU entries of `gpu_indices = "auto"` (or `--gpus auto`), from `nvidia-smi`: one per
  /// GPU, or one per MIG device; a config error (exit 2, before anything is created) when
  /// there are none.
  static func detectedGPUs(config: String) throws -> (entries: [String], names: [String: String]) {
    do {
      let inventory = try NvidiaSMI.inventory()
      let entries = inventory.entries
      ConsoleWriter.standardOutput.line(
        "GPUs found by nvidia-smi: "
          + inventory.devices.map { device in
            "\(device.index) \(device.name)"
              + (device.migDevices.isEmpty ? "" : " (\(device.migDevices.count) MIG devices)")
          }.joined(separator: ", ") + "; \(entries.count) slot" + (entries.count == 1 ? "" : "s"))
      return (entries, inventory.names)
    } catch {
      throw ConfigError(
        file: config, message: "gpu_indices = \"auto\" found no GPU: \(error.message)",
        help: "install the NVIDIA driver's nvidia-smi, or list the GPUs yourself: "
          + "gpu_indices = [\"0\", \"1\"] (or --gpus \"0;1\")")
    }
  }
}
