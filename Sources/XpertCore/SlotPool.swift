/// The GPU entries of a run and which are taken. A job takes the free entry with the lowest
/// index, so assignment is the same on every run; an entry listed k times holds k jobs.
public struct SlotPool: Sendable, Hashable {
  /// The `CUDA_VISIBLE_DEVICES` value of each slot, in config order.
  public let entries: [String]
  private var busy: [Bool]

  /// A pool with every entry free.
  public init(entries: [String]) {
    self.entries = entries
    self.busy = Array(repeating: false, count: entries.count)
  }

  /// The number of slots taken.
  public var takenCount: Int { busy.count { $0 } }

  /// Whether a slot is free.
  public var hasFreeSlot: Bool { busy.contains(false) }

  /// Takes the free slot with the lowest index, leaving out `skipping` (slots whose devices
  /// another runner holds now), or returns `nil` when none is left.
  public mutating func acquire(skipping: Set<Int> = []) -> Int? {
    guard let index = busy.indices.first(where: { !busy[$0] && !skipping.contains($0) }) else {
      return nil
    }
    busy[index] = true
    return index
  }

  /// Frees slot `index`.
  public mutating func release(_ index: Int) {
    precondition(busy[index], "slot \(index) released twice")
    busy[index] = false
  }
}
