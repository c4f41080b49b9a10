/// Time limits as people write them: `"90m"`, `"2h"`, `"30s"`, `"1h30m"`, `"1.5h"`, or a
/// number of seconds.
public enum DurationText {
  /// The longest time limit accepted: a year.
  public static let maximum: Double = 366 * 86400

  /// The number of seconds `text` stands for, or `nil` if it is not a duration.
  public static func seconds(_ text: String) -> Double? {
    var total = 0.0
    var number = ""
    var sawUnit = false
    for character in text.filter({ $0 != " " }) {
      if character.isNumber || character == "." {
        number.append(character)
        continue
      }
      let scale: Double
      switch character {
      case "s": scale = 1
      case "m": scale = 60
      case "h": scale = 3600
      case "d": scale = 86400
      default: return nil
      }
      guard let value = Double(number) else { return nil }
      total += value * scale
      number = ""
      sawUnit = true
    }
    if !number.isEmpty {
      guard !sawUnit, let value = Double(number) else { return nil }
      total += value
    }
    return total > 0 && total <= maximum ? total : nil
  }
}
