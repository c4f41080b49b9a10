import XpertCore

/// Small helpers to write SVG and HTML by hand: escaping and number formatting that give the
/// same bytes on every run (golden tests compare them).
enum SVGText {
  /// `text` with `&`, `<`, `>` and `"` escaped.
  static func escaped(_ text: String) -> String {
    var result = ""
    for character in text {
      switch character {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      default: result.append(character)
      }
    }
    return result
  }

  /// A coordinate with one decimal (`12.5`, `40`).
  static func number(_ value: Double) -> String { DecimalText.tenths(value) }

  /// The palette: Okabe and Ito's eight colours, which readers with any common colour vision
  /// deficiency can tell apart (blue, orange, bluish green, vermillion, reddish purple, sky
  /// blue, yellow, black).
  static let palette = [
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000",
  ]
}
