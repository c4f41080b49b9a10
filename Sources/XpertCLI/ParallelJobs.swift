/// Work on many jobs' files by one worker per core (at most 8): each job's files are its own,
/// so they are read independently; each worker keeps its own state (a cache, an observer).
enum ParallelJobs {
  /// `body(&state, i)` for each `i` in `0..<count`, the results in order.
  static func map<State, Result: Sendable>(
    _ count: Int, state makeState: @escaping @Sendable () -> State,
    _ body: @escaping @Sendable (inout State, Int) -> Result
  ) async -> [Result] {
    let workers = max(1, min(Environment.cpuCount, 8, count))
    return await withTaskGroup(of: [(Int, Result)].self) { group in
      for worker in 0..<workers {
        group.addTask {
          var state = makeState()
          return stride(from: worker, to: count, by: workers).map { ($0, body(&state, $0)) }
        }
      }
      var found = [Result?](repeating: nil, count: count)
      for await part in group { for (index, value) in part { found[index] = value } }
      return found.map { $0! }
    }
  }
}
