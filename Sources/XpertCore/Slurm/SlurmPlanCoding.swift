import TOML

/// The plan file format, version 1: a TOML document, one `[[job]]` table per array task.
public enum SlurmPlanCoding {
  /// Why a plan file cannot be read.
  public struct DecodingError: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    public var description: String
  }

  /// The file's text.
  public static func encode(_ plan: SlurmPlan) -> String {
    var text = "# Written by xpert \(plan.xpertVersion) at submission: task i of the Slurm job\n"
    text += "# array runs the i-th [[job]] (from 0). Format: docs/slurm.md.\n"
    text += "version = \(SlurmPlan.currentVersion)\n"
    text += "xpert = \(TOMLString.basic(plan.xpertVersion))\n"
    text += "config = \(TOMLString.basic(plan.config))\n"
    text += "working_directory = \(TOMLString.basic(plan.workingDirectory))\n"
    text += "submission = \(TOMLString.basic(plan.submission))\n"
    text += "array = \(plan.array)\n"
    if let commit = plan.gitCommit { text += "git_commit = \(TOMLString.basic(commit))\n" }
    if let dirty = plan.gitDirty { text += "git_dirty = \(dirty)\n" }
    let rerun = plan.rerun.map(\.rawValue).sorted().map(TOMLString.basic)
    text += "rerun = [\(rerun.joined(separator: ", "))]\n"
    text += "grace = \(float(plan.grace))\n"
    text += "lock_timeout = \(float(plan.lockTimeout))\n"
    for job in plan.jobs {
      text += "\n[[job]]\n"
      text += "uid = \(TOMLString.basic(job.uid))\n"
      text += "directory = \(TOMLString.basic(job.directory))\n"
      text += "command = \(TOMLString.basic(job.command))\n"
      text += "number = \(job.number)\ngroup = \(job.group)\n"
      text += "number_in_group = \(job.numberInGroup)\n"
      if let timeout = job.timeout { text += "timeout = \(float(timeout))\n" }
      if let retries = job.retries { text += "retries = \(retries)\n" }
      let fields = job.fields.map { "\(TOMLString.key($0.key)) = \(TOMLString.basic($0.value))" }
      text += "fields = { \(fields.joined(separator: ", ")) }\n"
    }
    return text
  }

  /// Reads a plan file.
  public static func decode(_ bytes: [UInt8]) throws(DecodingError) -> SlurmPlan {
    let root: TOMLTable
    do {
      root = try TOMLParser.parse(bytes)
    } catch {
      throw DecodingError(description: "it is not valid TOML: \(error.message)")
    }
    let reader = Reader(table: root, context: "the plan")
    let version = try reader.integer("version")
    guard version == SlurmPlan.currentVersion else {
      throw DecodingError(
        description: "it has format version \(version), but this xpert reads version "
          + "\(SlurmPlan.currentVersion); submit again with this xpert")
    }
    var jobs: [Job] = []
    if case .array(let tables)? = root["job"]?.value {
      for (offset, node) in tables.enumerated() {
        guard case .table(let table) = node.value else {
          throw DecodingError(description: "job \(offset) is not a table")
        }
        jobs.append(try job(Reader(table: table, context: "job \(offset)")))
      }
    }
    var plan = SlurmPlan(
      config: try reader.string("config"), workingDirectory: try reader.string("working_directory"),
      submission: try reader.string("submission"), array: Int(try reader.integer("array")),
      jobs: jobs)
    plan.xpertVersion = try reader.string("xpert")
    plan.gitCommit = try reader.optionalString("git_commit")
    if case .boolean(let dirty)? = root["git_dirty"]?.value { plan.gitDirty = dirty }
    if case .array(let names)? = root["rerun"]?.value {
      for node in names {
        guard case .string(let name) = node.value, let policy = RerunPolicy(rawValue: name) else {
          throw DecodingError(description: "rerun holds an unknown policy")
        }
        plan.rerun.insert(policy)
      }
    }
    plan.grace = try reader.double("grace")
    plan.lockTimeout = try reader.double("lock_timeout")
    return plan
  }

  private static func job(_ reader: Reader) throws(DecodingError) -> Job {
    var fields: [JobField] = []
    if case .table(let table)? = reader.table["fields"]?.value {
      for entry in table.entries {
        guard case .string(let value) = entry.node.value else {
          throw DecodingError(description: "\(reader.context): field \(entry.key) is not a string")
        }
        fields.append(JobField(key: entry.key, value: value))
      }
    }
    return Job(
      number: Int(try reader.integer("number")), group: Int(try reader.integer("group")),
      numberInGroup: Int(try reader.integer("number_in_group")), uid: try reader.string("uid"),
      directory: try reader.string("directory"), command: try reader.string("command"),
      fields: fields, timeout: reader.table["timeout"] == nil ? nil : try reader.double("timeout"),
      retries: reader.table["retries"] == nil ? nil : Int(try reader.integer("retries")))
  }

  private static func float(_ value: Double) -> String {
    let text = "\(value)"
    return text.contains(".") || text.contains("e") ? text : text + ".0"
  }

  /// Typed lookups with an error naming the key.
  private struct Reader {
    var table: TOMLTable
    var context: String

    func missing(_ key: String, _ type: String) -> DecodingError {
      DecodingError(description: "\(context) has no \(type) \(key)")
    }

    func string(_ key: String) throws(DecodingError) -> String {
      guard case .string(let text)? = table[key]?.value else { throw missing(key, "string") }
      return text
    }

    func optionalString(_ key: String) throws(DecodingError) -> String? {
      table[key] == nil ? nil : try string(key)
    }

    func integer(_ key: String) throws(DecodingError) -> Int64 {
      guard case .integer(let value)? = table[key]?.value else { throw missing(key, "integer") }
      return value
    }

    func double(_ key: String) throws(DecodingError) -> Double {
      switch table[key]?.value {
      case .float(let value)?: return value
      case .integer(let value)?: return Double(value)
      default: throw missing(key, "number")
      }
    }
  }
}
