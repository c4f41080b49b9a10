import TOML

/// Reads and checks the `[results]` table.
struct ResultsSpecLoader {
  var source: ConfigSource

  func load(_ entry: TOMLTable.Entry) throws(ConfigError) -> ResultsSpec {
    guard case .table(let table) = entry.node.value else {
      throw source.error(
        "results must be a table", at: entry.node.position, context: "results",
        help: "write the settings under a [results] header")
    }
    var spec = ResultsSpec()
    for setting in table.entries {
      let context = "results.\(setting.key)"
      switch setting.key {
      case "metrics":
        var columns: [MetricColumn] = []
        for (text, node) in try strings(
          setting.node, context: context, example: "[\"val_acc\", \"loss:min\"]")
        {
          let suffix = text.split(separator: ":", omittingEmptySubsequences: false).last ?? ""
          let namesAReducer =
            text.contains(":") && !suffix.isEmpty && suffix.allSatisfy(\.isLetter)
            && MetricReducer(rawValue: String(suffix)) == nil
          guard let column = MetricColumn(text), !namesAReducer else {
            let reducers = MetricReducer.allCases.map(\.rawValue)
            let close = EditDistance.suggestion(for: String(suffix), among: reducers)
            let name = text.split(separator: ":").first.map(String.init) ?? text
            throw source.error(
              "\"\(text)\" is not a metric: write a name, or a name and a reducer ("
                + reducers.joined(separator: ", ") + ")", at: node.position, context: context,
              help: close.map { "did you mean \"\(name):\($0)\"?" }
                ?? "write a name such as \"\(name)\", or \"\(name):min\"")
          }
          columns.append(column)
        }
        spec.metrics = columns
      case "replicate":
        guard case .string(let key) = setting.node.value, !key.isEmpty else {
          throw source.error(
            "replicate must be the name of a key, such as \"seed\"", at: setting.node.position,
            context: context, help: "write replicate = \"seed\"")
        }
        spec.replicate = key
      case "patterns":
        for (text, node) in try strings(
          setting.node, context: context, example: "['acc=(?P<acc>[0-9.]+)']")
        {
          let problem: String?
          do {
            let regex = try Regex(text)
            _ = regex
            problem = text.contains("(?<") || text.contains("(?P<") ? nil : "it has no named group"
          } catch {
            problem = "it is not a regular expression (\(error))"
          }
          if let problem {
            throw source.error(
              "the pattern \"\(text)\" cannot be used: \(problem)", at: node.position,
              context: context,
              help: "name the group that captures the value: 'val_acc=(?P<val_acc>[0-9.eE+-]+)'")
          }
          spec.patterns.append(text)
        }
      case "files":
        spec.files = try strings(setting.node, context: context, example: "[\"eval/*.json\"]").map(
          \.0)
      case "ignore":
        for (text, node) in try strings(setting.node, context: context, example: "[\"logs\"]") {
          guard let source = MetricSource(rawValue: text) else {
            let names = MetricSource.allCases.map(\.rawValue)
            let close = EditDistance.suggestion(for: text, among: names)
            throw self.source.error(
              "unknown metrics source \"\(text)\""
                + (close.map { "; did you mean \"\($0)\"?" } ?? ""),
              at: node.position, context: context,
              help: "ignore takes " + names.joined(separator: ", "))
          }
          spec.ignore.insert(source)
        }
      default:
        throw source.unknownKey(
          setting, named: "[results] key", in: "[results]", known: ResultsSpec.knownKeys,
          context: context)
      }
    }
    return spec
  }

  private func strings(_ node: TOMLNode, context: String, example: String) throws(ConfigError)
    -> [(String, TOMLNode)]
  {
    guard case .array(let elements) = node.value else {
      throw source.error(
        "expected a list of strings, but found \(ValueRendering.typeDescription(node.value))",
        at: node.position, context: context,
        help: "write \(context.split(separator: ".").last!) = \(example)")
    }
    var found: [(String, TOMLNode)] = []
    for element in elements {
      guard case .string(let text) = element.value, !text.isEmpty else {
        throw source.error(
          "each entry must be a non-empty string", at: element.position,
          context: context, help: "write \(context.split(separator: ".").last!) = \(example)")
      }
      found.append((text, element))
    }
    return found
  }
}
