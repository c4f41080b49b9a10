/// Where the plan is made: the directory xpert runs in and the user's home.
public struct PlanContext: Sendable {
  /// The absolute working directory; relative uids are under it.
  public var workingDirectory: String
  /// `$HOME`, for a leading `~` in a uid.
  public var home: String

  /// Creates a context.
  public init(workingDirectory: String, home: String) {
    self.workingDirectory = workingDirectory
    self.home = home
  }
}

/// Expands a config into its jobs: groups in file order, each group's cross product with the
/// first axis varying slowest, every template resolved, and no two jobs sharing a directory.
public enum SweepPlanner {
  /// The most jobs a sweep may have: beyond this, a config is almost surely a mistake (and
  /// would exhaust memory).
  public static let maximumJobs = 10_000_000
  /// The most text (commands and uids) a plan may hold: 1 GiB.
  public static let maximumPlanBytes = 1 << 30

  /// How each group's jobs are formed, for the groups with a sweep table (zip, exclude,
  /// include or samples): `exp[1]: 4 × 4 × 6 axes, zip lr+warmup, 2 excluded = 94 jobs`.
  public static func describe(_ config: SweepConfig) throws(ConfigError) -> [String] {
    var lines: [String] = []
    for spec in config.groups {
      let sweep = config.sweepSpec(ofGroup: spec.number)
      guard
        sweep.zip != nil || sweep.exclude != nil || sweep.include != nil
          || sweep.samples != nil
      else { continue }
      let compiled = try CompiledGroup(
        spec, defaults: config.defaults, sweep: sweep, source: config.source)
      lines.append(try GroupRows(compiled, source: config.source).description)
    }
    return lines
  }

  /// Every job of the sweep, or the first config error.
  public static func plan(
    _ config: SweepConfig, context: PlanContext
  ) throws(ConfigError) -> [Job] {
    var jobs: [Job] = []
    try forEachJob(config, context: context) { jobs.append($0) }
    return jobs
  }

  /// Calls `body` with each job in plan order, holding no more of the plan than the set of
  /// directories seen (to reject two jobs that share one). A config error can come after some
  /// jobs were given to `body`.
  public static func forEachJob(
    _ config: SweepConfig, context: PlanContext, _ body: (Job) -> Void
  ) throws(ConfigError) {
    var groups: [GroupRows] = []
    var total = 0
    for spec in config.groups {
      let compiled = try CompiledGroup(
        spec, defaults: config.defaults, sweep: config.sweepSpec(ofGroup: spec.number),
        source: config.source)
      let group = try GroupRows(compiled, source: config.source)
      total = total.addingReportingOverflow(group.count).overflow ? Int.max : total + group.count
      if total > maximumJobs {
        var sizes = group.units.map { unit in
          unit.map { compiled.bindings[$0].key }.joined(separator: "+")
            + " (\(compiled.bindings[unit[0]].values.count))"
        }
        if group.draws { sizes.append("samples (\(group.samples))") }
        throw config.source.error(
          "the sweep has more than \(maximumJobs) jobs; \(spec.name) alone is the cross product of "
            + sizes.joined(separator: " × "),
          at: spec.position, context: spec.name,
          help: "split the sweep into several configs, or use fewer values per axis")
      }
      groups.append(group)
    }
    var owners = DirectoryOwners(capacity: total)
    func remake(_ owner: DirectoryOwners.Owner) throws(ConfigError) -> Job {
      let group = groups[owner.group]
      return try makeJob(
        group, row: group.row(owner.offset)!, numberInGroup: owner.number - before[owner.group],
        number: owner.number, config: config, context: context)
    }
    var number = 0
    var planBytes = 0
    // How many jobs come before each group.
    var before: [Int] = []
    for (groupIndex, group) in groups.enumerated() {
      before.append(number)
      var numberInGroup = 0
      for offset in 0..<group.count {
        guard let row = group.row(offset) else { continue }
        numberInGroup += 1
        number += 1
        let job = try makeJob(
          group, row: row, numberInGroup: numberInGroup, number: number, config: config,
          context: context)
        planBytes += job.command.utf8.count + job.uid.utf8.count
        for field in job.fields { planBytes += field.key.utf8.count + field.value.utf8.count }
        if planBytes > maximumPlanBytes {
          throw config.source.error(
            "the sweep's commands, uids and values come to more than 1 GiB of text (at job "
              + "\(numberInGroup) of \(group.group.spec.name))",
            at: group.group.spec.position, context: group.group.spec.name,
            help: "split the sweep into several configs, or make its commands shorter")
        }
        if let earlier = try owners.claim(
          job.directory, by: (groupIndex, offset, number),
          directoryOf: { (owner) throws(ConfigError) in try remake(owner).directory })
        {
          throw duplicate(try remake(earlier), job, group: group.group, source: config.source)
        }
        body(job)
      }
    }
  }

  private static func makeJob(
    _ rows: GroupRows, row: GroupRows.Row, numberInGroup: Int, number: Int, config: SweepConfig,
    context: PlanContext
  ) throws(ConfigError) -> Job {
    let group = rows.group
    var row = row
    BuiltinKeys.set(in: &row, of: group, number: number)
    var resolver = JobResolver(group: group, row: row, source: config.source, home: context.home)
    let uid = try resolver.value(of: "uid").text
    guard !uid.isEmpty else {
      let binding = group.bindings[group.effectiveIndex["uid"]!]
      throw config.source.error(
        "the uid is empty, but it names the job's directory",
        at: resolver.current(group.effectiveIndex["uid"]!)?.node.position ?? binding.position,
        context: binding.context, help: "write a uid such as \"runs/{seed}\"")
    }
    let directory = PathNormalization.absolute(uid, base: context.workingDirectory)
    let cwd = context.workingDirectory
    if directory == "/" || directory == cwd || cwd.hasPrefix(directory + "/") {
      let binding = group.bindings[group.effectiveIndex["uid"]!]
      throw config.source.error(
        "the uid \"\(uid)\" makes the job directory \(directory), which is "
          + (directory == "/"
            ? "the root of the file system" : "the directory xpert runs in or one above it")
          + ": the job's logs, lock and record would land among other files",
        at: resolver.current(group.effectiveIndex["uid"]!)?.node.position ?? binding.position,
        context: binding.context,
        help: "give each job a directory of its own below the working directory, e.g. "
          + "uid = \"runs/{seed}\"; check for empty values and `..`")
    }
    let command = try resolver.value(of: "cmd").text
    var fields: [JobField] = []
    for index in group.fieldBindings where resolver.current(index) != nil {
      let resolved = try resolver.value(at: index)
      fields.append(
        JobField(key: group.bindings[index].key, value: resolved.text, kind: resolved.kind))
    }
    var job = Job(
      number: number, group: group.spec.number, numberInGroup: numberInGroup, uid: uid,
      directory: directory, command: command, fields: fields)
    job.timeout = try limit(
      "timeout", group, &resolver, config.source,
      expected: "a duration such as \"90m\", \"2h\" or \"30s\"", help: "write timeout = \"2h\""
    ) {
      if case .text(let text) = $0 {
        DurationText.seconds(text)
      } else {
        JobLimitsReader.timeout($0.typedValue)
      }
    }
    job.retries = try limit(
      "retries", group, &resolver, config.source, expected: "an integer ≥ 0",
      help: "write retries = 2"
    ) { JobLimitsReader.retries($0.typedValue) }
    job.gpusPerJob = try limit(
      "gpus_per_job", group, &resolver, config.source,
      expected: "an integer from 1 to 64", help: "write gpus_per_job = 2"
    ) { JobLimitsReader.gpuCount($0.typedValue) }
    job.jobsPerGPU = try limit(
      "jobs_per_gpu", group, &resolver, config.source,
      expected: "an integer from 1 to 64", help: "write jobs_per_gpu = 2"
    ) { JobLimitsReader.gpuCount($0.typedValue) }
    return job
  }

  /// A group's `timeout`, `retries`, `gpus_per_job` or `jobs_per_gpu` for one job, checked.
  private static func limit<Value>(
    _ key: String, _ group: CompiledGroup, _ resolver: inout JobResolver,
    _ source: ConfigSource, expected: String, help: String,
    _ read: (JobResolver.Resolved) -> Value?
  ) throws(ConfigError) -> Value? {
    guard let index = group.effectiveIndex[key], resolver.current(index) != nil else { return nil }
    let resolved = try resolver.value(at: index)
    if let value = read(resolved) { return value }
    let binding = group.bindings[index]
    throw source.error(
      "\(key) must be \(expected), but it is \"\(resolved.text)\"",
      at: resolver.current(index)?.node.position ?? binding.position, context: binding.context,
      help: help)
  }

  private static func duplicate(
    _ first: Job, _ second: Job, group: CompiledGroup, source: ConfigSource
  ) -> ConfigError {
    let firstValues = Dictionary(first.fields.map { ($0.key, $0.value) }) { a, _ in a }
    let differing = second.fields.filter { firstValues[$0.key] != $0.value }.map(\.key)
    let uidBinding = group.bindings[group.effectiveIndex["uid"]!]
    // A key the uid names with a format spec that writes both values the same.
    let formatted = uidBinding.values.flatMap { $0.template?.placeholders ?? [] }
      .filter { $0.spec != nil && differing.contains($0.key) }
    let hint: String
    if let placeholder = formatted.first {
      hint =
        "the uid has \(placeholder.text), which writes \(placeholder.key) = "
        + "\(firstValues[placeholder.key] ?? "") and "
        + "\(second.fields.first { $0.key == placeholder.key }?.value ?? "") the same: "
        + "change its format spec (e.g. {\(placeholder.key)} without one)"
    } else if !differing.isEmpty {
      hint =
        "put " + differing.map { "{\($0)}" }.joined(separator: " or ")
        + " in the uid template, so that each job gets its own directory"
    } else if first.command != second.command {
      hint =
        "their values are the same but their commands differ (\(first.command) / "
        + "\(second.command)): give the groups different uids, e.g. with a key that names the "
        + "group in each"
    } else {
      hint =
        "the two jobs are the same (values and command): remove one of them, or, for repeats "
        + "(samples without random keys), put {_index} in the uid"
    }
    return source.error(
      "two jobs have the same uid \"\(second.uid)\": \(first.label) and \(second.label)"
        + (differing.isEmpty ? "" : "; they differ in " + differing.joined(separator: ", ")),
      at: uidBinding.values[0].node.position, context: uidBinding.context, help: hint)
  }
}
