/// The GPUs of a machine as `nvidia-smi` describes them, and the slots `gpu_indices = "auto"`
/// makes of them: one per GPU, or one per MIG device where MIG is enabled. Parsing only; the
/// calls are `XpertRuntime.NvidiaSMI`'s.
public struct GPUInventory: Sendable, Hashable {
  /// One GPU.
  public struct Device: Sendable, Hashable {
    /// Its index (`nvidia-smi`'s, in PCI bus order).
    public var index: Int
    /// `GPU-…`.
    public var uuid: String
    /// Its product name.
    public var name: String
    /// Its MIG devices' UUIDs (`MIG-…`), when MIG is enabled.
    public var migDevices: [String] = []

    /// A device.
    public init(index: Int, uuid: String, name: String, migDevices: [String] = []) {
      self.index = index
      self.uuid = uuid
      self.name = name
      self.migDevices = migDevices
    }
  }

  /// The GPUs, in index order.
  public var devices: [Device]

  /// An inventory.
  public init(devices: [Device]) {
    self.devices = devices
  }

  /// The `--query-gpu` fields read, in this order.
  public static let queryFields = "index,uuid,name"

  /// Why `nvidia-smi`'s output could not be read.
  public struct Unreadable: Error, Sendable, Hashable {
    /// What was wrong, quoting the line.
    public var message: String
  }

  /// Reads `nvidia-smi --query-gpu=index,uuid,name --format=csv,noheader,nounits`.
  public static func parse(query text: String) throws(Unreadable) -> GPUInventory {
    var devices: [Device] = []
    for line in text.split(whereSeparator: \.isNewline) where !line.allSatisfy(\.isWhitespace) {
      let fields = line.split(separator: ",", omittingEmptySubsequences: false).map {
        $0.trimmingSpaces()
      }
      guard fields.count == 3, let index = Int(fields[0]), index >= 0,
        fields[1].hasPrefix("GPU-")
      else {
        throw Unreadable(
          message: "expected \"index, uuid, name\" (e.g. \"0, GPU-5d5b…, NVIDIA A100\"), got \""
            + line + "\"")
      }
      devices.append(Device(index: index, uuid: fields[1], name: fields[2]))
    }
    return GPUInventory(devices: devices.sorted { $0.index < $1.index })
  }

  /// Adds the MIG devices that `nvidia-smi -L` lists under each GPU:
  /// `GPU 0: NVIDIA A100 (UUID: GPU-…)` followed by `  MIG 1g.5gb Device 0: (UUID: MIG-…)`.
  public mutating func addMIG(list text: String) {
    var current: Int?
    for line in text.split(whereSeparator: \.isNewline) {
      guard let uuid = Self.uuid(in: line) else { continue }
      if uuid.hasPrefix("GPU-") {
        current = devices.firstIndex { $0.uuid == uuid }
      } else if uuid.hasPrefix("MIG-"), let current {
        devices[current].migDevices.append(uuid)
      }
    }
  }

  /// What each entry's device is: `0: NVIDIA A100 (GPU-5d5b…)`, or for a MIG device
  /// `0: NVIDIA A100 (GPU-5d5b…), MIG-c6d4…`.
  public var names: [String: String] {
    var names: [String: String] = [:]
    for device in devices {
      let base = "\(device.index): \(device.name) (\(device.uuid))"
      names[String(device.index)] = base
      names[device.uuid] = base
      for mig in device.migDevices { names[mig] = base + ", " + mig }
    }
    return names
  }

  /// The `CUDA_VISIBLE_DEVICES` entries of `gpu_indices = "auto"`: a GPU's index, or each of
  /// its MIG devices.
  public var entries: [String] {
    devices.flatMap { $0.migDevices.isEmpty ? [String($0.index)] : $0.migDevices }
  }

  private static func uuid(in line: Substring) -> String? {
    guard let start = line.firstRange(of: "(UUID: ") else { return nil }
    let rest = line[start.upperBound...]
    return String(rest.prefix { $0 != ")" })
  }
}

extension Substring {
  fileprivate func trimmingSpaces() -> String {
    String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
  }
}
