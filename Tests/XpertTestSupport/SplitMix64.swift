/// SplitMix64: a small, fast, seedable generator whose sequence is fixed by its seed on every
/// platform and Swift version, so a failing document can be regenerated from the printed seed.
public struct SplitMix64: RandomNumberGenerator {
  private var state: UInt64

  /// A generator whose sequence is fixed by `seed`.
  public init(seed: UInt64) { state = seed }

  /// The next 64 random bits.
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A number in `range`, by modulo (the bias is irrelevant here and the mapping is stable,
  /// unlike `Int.random(in:using:)`, whose algorithm the standard library may change).
  public mutating func int(_ range: ClosedRange<Int>) -> Int {
    let width = UInt64(range.upperBound - range.lowerBound) &+ 1
    if width == 0 { return Int(truncatingIfNeeded: next()) }
    return range.lowerBound + Int(next() % width)
  }

  /// True with probability `probability`.
  public mutating func chance(_ probability: Double) -> Bool {
    Double(next() >> 11) / Double(1 << 53) < probability
  }

  /// One element of a non-empty array.
  public mutating func pick<T>(_ choices: [T]) -> T {
    choices[int(0...choices.count - 1)]
  }

  /// Shuffled with this generator (Fisher-Yates), for the same stability reason as `int`.
  public mutating func shuffled<T>(_ elements: [T]) -> [T] {
    var result = elements
    guard result.count > 1 else { return result }
    for index in stride(from: result.count - 1, to: 0, by: -1) {
      result.swapAt(index, int(0...index))
    }
    return result
  }
}
