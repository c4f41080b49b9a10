/// The order jobs run in when `[flags] order` names keys: those keys vary slowest across the
/// whole sweep, so the first seed of every configuration (of every group) runs before the
/// second seed of any. A job's rank for a key is the place of its value among that key's
/// values in its group, in plan order; a job without the key ranks first. Ties keep plan order.
public enum RunOrder {
  /// `jobs` (in plan order) rearranged by `keys`.
  public static func arrange(_ jobs: [Job], by keys: [String]) -> [Job] {
    guard !keys.isEmpty else { return jobs }
    // (group, key) → value → rank, by first appearance.
    var ranks: [String: [String: Int]] = [:]
    let keyed = jobs.map { job in
      keys.map { key -> Int in
        guard let value = job.fields.first(where: { $0.key == key })?.value else { return 0 }
        let slot = "\(job.group)\u{1F}\(key)"
        if let rank = ranks[slot]?[value] { return rank }
        let rank = ranks[slot, default: [:]].count
        ranks[slot, default: [:]][value] = rank
        return rank
      }
    }
    return jobs.indices.sorted { a, b in
      keyed[a] == keyed[b] ? a < b : keyed[a].lexicographicallyPrecedes(keyed[b])
    }.map { jobs[$0] }
  }
}
