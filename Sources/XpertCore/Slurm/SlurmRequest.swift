/// What a job asks Slurm for: the `[slurm]` table, overridden per group by `[exp.slurm]` or an
/// inline `slurm = {...}`. Each key is `nil` when no table sets it.
public struct SlurmRequest: Sendable, Hashable {
  /// `--partition`.
  public var partition: String?
  /// `--time`, as Slurm writes it (`D-HH:MM:SS`); `nil` falls back to the `timeout` flag.
  public var time: String?
  /// `--cpus-per-task`.
  public var cpusPerTask: Int?
  /// `--mem`, e.g. `"16G"`.
  public var mem: String?
  /// GPUs per job, requested as `--gres=gpu:N`.
  public var gpusPerJob: Int?
  /// `--account`.
  public var account: String?
  /// `--qos`.
  public var qos: String?
  /// `--constraint`.
  public var constraint: String?
  /// `--job-name`; `nil` means the config's file name.
  public var jobName: String?
  /// Further `sbatch` options, passed as they are.
  public var extra: [String]?

  /// An empty request.
  public init() {}

  /// The keys a `[slurm]` table accepts.
  public static let knownKeys = [
    "partition", "time", "cpus_per_task", "mem", "gpus_per_job", "account", "qos",
    "constraint", "job_name", "extra",
  ]

  /// This request with every key that `override` sets replaced by its value.
  public func overridden(by override: SlurmRequest?) -> SlurmRequest {
    guard let override else { return self }
    var merged = self
    merged.partition = override.partition ?? partition
    merged.time = override.time ?? time
    merged.cpusPerTask = override.cpusPerTask ?? cpusPerTask
    merged.mem = override.mem ?? mem
    merged.gpusPerJob = override.gpusPerJob ?? gpusPerJob
    merged.account = override.account ?? account
    merged.qos = override.qos ?? qos
    merged.constraint = override.constraint ?? constraint
    merged.jobName = override.jobName ?? jobName
    merged.extra = override.extra ?? extra
    return merged
  }

  /// The `sbatch` options for this request (without the array, output and script ones).
  /// `defaultTime` is used when `time` is not set; `defaultJobName` when `job_name` is not.
  public func sbatchOptions(defaultTime: String?, defaultJobName: String) -> [String] {
    var options = ["--job-name=" + (jobName ?? defaultJobName)]
    if let partition { options.append("--partition=" + partition) }
    if let time = time ?? defaultTime { options.append("--time=" + time) }
    if let cpusPerTask { options.append("--cpus-per-task=\(cpusPerTask)") }
    if let mem { options.append("--mem=" + mem) }
    if let gpusPerJob, gpusPerJob > 0 { options.append("--gres=gpu:\(gpusPerJob)") }
    if let account { options.append("--account=" + account) }
    if let qos { options.append("--qos=" + qos) }
    if let constraint { options.append("--constraint=" + constraint) }
    options += extra ?? []
    return options
  }

  /// `seconds` as a Slurm time limit, `D-HH:MM:SS`, rounded up to a whole second.
  public static func slurmTime(seconds: Double) -> String {
    let total = Int(seconds.rounded(.up))
    let days = total / 86400
    let rest = total % 86400
    func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
    return "\(days)-\(two(rest / 3600)):\(two(rest % 3600 / 60)):\(two(rest % 60))"
  }

  /// The seconds of a Slurm time limit (`MM`, `MM:SS`, `HH:MM:SS`, `D-HH`, `D-HH:MM`,
  /// `D-HH:MM:SS`), or `nil` if `text` is not one.
  public static func seconds(ofSlurmTime text: String) -> Double? {
    var days = 0
    var clock = Substring(text)
    if let dash = text.firstIndex(of: "-") {
      guard let value = Int(text[..<dash]), value >= 0 else { return nil }
      days = value
      clock = text[text.index(after: dash)...]
    }
    let parts = clock.split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
    guard !parts.isEmpty, parts.count <= 3, parts.allSatisfy({ ($0 ?? -1) >= 0 }) else {
      return nil
    }
    let numbers = parts.map { $0! }
    let seconds: Int
    if days > 0 || text.contains("-") {
      // D-HH, D-HH:MM, D-HH:MM:SS
      let padded = numbers + Array(repeating: 0, count: 3 - numbers.count)
      seconds = days * 86400 + padded[0] * 3600 + padded[1] * 60 + padded[2]
    } else {
      switch numbers.count {
      case 1: seconds = numbers[0] * 60
      case 2: seconds = numbers[0] * 60 + numbers[1]
      default: seconds = numbers[0] * 3600 + numbers[1] * 60 + numbers[2]
      }
    }
    return seconds > 0 ? Double(seconds) : nil
  }
}
