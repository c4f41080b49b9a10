/// Metrics from JSON: `metrics.json` files and whole-line JSON objects. Numbers are metrics;
/// nested objects are flattened with dots (`{"extra": {"f1": 0.8}}` is `extra.f1`); strings,
/// booleans, nulls and arrays are not metrics.
public enum MetricsJSON {
  /// The `(name, number)` members of `value`, flattened, in file order.
  public static func flatten(_ value: JSONValue, prefix: String = "") -> [(String, Double)] {
    guard case .object(let members) = value else { return [] }
    var found: [(String, Double)] = []
    for member in members {
      let name = prefix + member.key
      switch member.value {
      case .number: if let number = member.value.double { found.append((name, number)) }
      case .string(let text):
        // `json.dumps` writes NaN and Infinity bare, which JSON lacks; some loggers quote them.
        if let special = ["NaN": Double.nan, "Infinity": .infinity, "-Infinity": -.infinity][text] {
          found.append((name, special))
        }
      case .object: found += flatten(member.value, prefix: name + ".")
      default: break
      }
    }
    return found
  }

  /// The points of a `metrics.json` document (a `step` member is their step).
  public static func points(in value: JSONValue) -> [MetricPoint] {
    LineMetrics.withStep(flatten(value))
  }
}
