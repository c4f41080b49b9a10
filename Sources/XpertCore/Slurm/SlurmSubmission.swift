import TOML

/// One `xpert run --backend slurm` that reached Slurm: its id and the arrays Slurm accepted,
/// stored as `submission.toml` (version 1) in the submission's directory once every array is in.
public struct SlurmSubmission: Sendable, Hashable {
  /// One array Slurm accepted.
  public struct Array: Sendable, Hashable {
    /// The 1-based number of the array within the submission (its plan is `array-N.toml`).
    public var number: Int
    /// Slurm's job id of the array.
    public var jobID: String
    /// How many tasks it has.
    public var tasks: Int

    /// Creates an array entry.
    public init(number: Int, jobID: String, tasks: Int) {
      self.number = number
      self.jobID = jobID
      self.tasks = tasks
    }

    /// `JOBID_TASK`, as Slurm names task `task` of this array.
    public func taskID(_ task: Int) -> String { "\(jobID)_\(task)" }
  }

  /// The version of the file format this code writes and reads.
  public static let currentVersion = 1

  /// The id, also the directory's name: UTC time and process id, so ids sort by time.
  public var id: String
  /// When it was submitted, in seconds since 1970.
  public var submitted: Double
  /// The config's absolute path.
  public var config: String
  /// The arrays in submission order.
  public var arrays: [Array]

  /// Creates a submission.
  public init(id: String, submitted: Double, config: String, arrays: [Array]) {
    self.id = id
    self.submitted = submitted
    self.config = config
    self.arrays = arrays
  }

  /// The file's text.
  public func encoded() -> String {
    var text = "# Written by xpert \(XpertVersion.current): the Slurm jobs of one submission.\n"
    text += "version = \(Self.currentVersion)\n"
    text += "id = \(TOMLString.basic(id))\nsubmitted = \(submitted)\n"
    text += "config = \(TOMLString.basic(config))\n"
    for array in arrays {
      text += "\n[[array]]\nnumber = \(array.number)\n"
      text += "job_id = \(TOMLString.basic(array.jobID))\ntasks = \(array.tasks)\n"
    }
    return text
  }

  /// Reads the file's text; `nil` when it is not a submission file this version reads.
  public static func decode(_ bytes: [UInt8]) -> SlurmSubmission? {
    guard let root = try? TOMLParser.parse(bytes),
      case .integer(Int64(currentVersion))? = root["version"]?.value,
      case .string(let id)? = root["id"]?.value,
      case .string(let config)? = root["config"]?.value
    else { return nil }
    var submitted = 0.0
    switch root["submitted"]?.value {
    case .float(let value)?: submitted = value
    case .integer(let value)?: submitted = Double(value)
    default: return nil
    }
    var arrays: [Array] = []
    if case .array(let nodes)? = root["array"]?.value {
      for node in nodes {
        guard case .table(let table) = node.value,
          case .integer(let number)? = table["number"]?.value,
          case .string(let jobID)? = table["job_id"]?.value,
          case .integer(let tasks)? = table["tasks"]?.value
        else { return nil }
        arrays.append(Array(number: Int(number), jobID: jobID, tasks: Int(tasks)))
      }
    }
    return SlurmSubmission(id: id, submitted: submitted, config: config, arrays: arrays)
  }
}
