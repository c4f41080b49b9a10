/// What runs on the GPUs now, as `nvidia-smi` says, and which devices are busy with work that
/// is not Xpert's. Parsing and deciding only; the calls are `XpertRuntime.NvidiaSMI`'s.
public struct GPUActivity: Sendable, Hashable {
  /// One GPU's memory.
  public struct Memory: Sendable, Hashable {
    /// Its index.
    public var index: Int
    /// `GPU-…`.
    public var uuid: String
    /// MiB in use.
    public var used: Double
    /// MiB in all.
    public var total: Double
  }

  /// One compute process.
  public struct Process: Sendable, Hashable {
    /// Its pid, as the driver sees it.
    public var pid: Int32
    /// The GPU it runs on (`GPU-…`).
    public var gpuUUID: String
    /// MiB it uses (0 when the driver does not say).
    public var used: Double
  }

  /// Why a device is busy.
  public struct Busy: Sendable, Hashable {
    /// Compute processes that are not Xpert's jobs.
    public var foreignProcesses: Int
    /// MiB in use, not counting Xpert's jobs.
    public var used: Double

    /// `1 process that is not Xpert's, 30.0 GiB used`.
    public var description: String {
      var parts: [String] = []
      if foreignProcesses > 0 {
        parts.append(
          foreignProcesses == 1
            ? "1 process that is not Xpert's" : "\(foreignProcesses) processes that are not Xpert's"
        )
      }
      parts.append(GPUActivity.size(mebibytes: used) + " used")
      return parts.joined(separator: ", ")
    }
  }

  /// The GPUs.
  public var memory: [Memory]
  /// The compute processes.
  public var processes: [Process]

  /// The `--query-gpu` fields read, in this order.
  public static let memoryFields = "index,uuid,memory.used,memory.total"
  /// The `--query-compute-apps` fields read, in this order.
  public static let processFields = "pid,gpu_uuid,used_memory"

  /// Reads the two queries (`--format=csv,noheader,nounits`).
  public static func parse(memory: String, processes: String) throws(GPUInventory.Unreadable)
    -> GPUActivity
  {
    var activity = GPUActivity(memory: [], processes: [])
    for fields in try rows(memory, count: 4, example: "0, GPU-5d5b…, 1024, 81920") {
      guard let index = Int(fields[0]), fields[1].hasPrefix("GPU-"), let used = Double(fields[2]),
        let total = Double(fields[3])
      else {
        throw GPUInventory.Unreadable(
          message: "expected \"index, uuid, memory.used, memory.total\" in MiB, got \""
            + fields.joined(separator: ", ") + "\"")
      }
      activity.memory.append(Memory(index: index, uuid: fields[1], used: used, total: total))
    }
    for fields in try rows(processes, count: 3, example: "4242, GPU-5d5b…, 1024") {
      guard let pid = Int32(fields[0]), fields[1].hasPrefix("GPU-") else {
        throw GPUInventory.Unreadable(
          message: "expected \"pid, gpu_uuid, used_memory\", got \""
            + fields.joined(separator: ", ") + "\"")
      }
      // Without the rights to see it, the driver prints "[N/A]" for the memory.
      activity.processes.append(
        Process(pid: pid, gpuUUID: fields[1], used: Double(fields[2]) ?? 0))
    }
    return activity
  }

  /// The busy devices, by index and by UUID: those with a compute process that is not one of
  /// `own` (the pids of Xpert's jobs), or with more memory in use than `limit` allows, not
  /// counting what Xpert's jobs use.
  public func busy(own: Set<Int32>, limit: GPUBusyMemory) -> [String: Busy] {
    var result: [String: Busy] = [:]
    for gpu in memory {
      let here = processes.filter { $0.gpuUUID == gpu.uuid }
      let foreign = here.count { !own.contains($0.pid) }
      let used = max(0, gpu.used - here.filter { own.contains($0.pid) }.map(\.used).reduce(0, +))
      guard foreign > 0 || used > limit.limit(total: gpu.total) else { continue }
      let busy = Busy(foreignProcesses: foreign, used: used)
      result[String(gpu.index)] = busy
      result[gpu.uuid] = busy
    }
    return result
  }

  /// `30.0 GiB`, `512 MiB`.
  static func size(mebibytes: Double) -> String {
    mebibytes >= 1024
      ? DecimalText.tenths(mebibytes / 1024, alwaysDecimal: true) + " GiB"
      : DecimalText.tenths(mebibytes) + " MiB"
  }

  private static func rows(_ text: String, count: Int, example: String)
    throws(GPUInventory.Unreadable) -> [[String]]
  {
    var rows: [[String]] = []
    for line in text.split(whereSeparator: \.isNewline) where !line.allSatisfy(\.isWhitespace) {
      let fields = line.split(separator: ",", omittingEmptySubsequences: false).map {
        String($0.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
      }
      guard fields.count == count else {
        throw GPUInventory.Unreadable(
          message: "expected \(count) comma-separated fields (e.g. \"\(example)\"), got \""
            + line + "\"")
      }
      rows.append(fields)
    }
    return rows
  }
}
