import XpertCore

/// `xpert results --format json`: one document (docs/results.md has its shape). Numbers are
/// JSON numbers; `nan` and infinities, which JSON lacks, are the strings `"nan"`, `"inf"` and
/// `"-inf"`; a missing value is `null`.
enum ResultsJSON {
  static func document(_ table: ResultsTable) -> String {
    let rows = table.rows.map { row -> String in
      var members: [(String, String)] = []
      if let uid = row.uid { members.append(("uid", JSONText.string(uid))) }
      members.append(
        (
          "states",
          JSONText.object(row.states.map { ($0.state.rawValue, String($0.count)) })
        ))
      members.append(
        (
          "values",
          JSONText.object(
            table.axes.indices.map { index in
              (
                table.axes[index],
                JobField(
                  key: table.axes[index], value: row.values[index],
                  kind: row.values[index].isEmpty ? .string : table.axisKinds[index]
                ).json
              )
            })
        ))
      members.append(
        (
          "metrics",
          JSONText.object(
            zip(table.columns, row.cells).map { column, cell in
              (
                column.description,
                table.grouped
                  ? JSONText.object([
                    ("mean", number(cell.mean)), ("sd", number(cell.sd)), ("n", String(cell.count)),
                    ("of", String(cell.of)),
                  ]) : number(cell.mean)
              )
            })
        ))
      return JSONText.object(members)
    }
    return JSONText.object([
      ("format", "\"xpert-results\""), ("version", "2"),
      ("grouped", table.grouped ? "true" : "false"),
      ("replicate", table.replicate.map(JSONText.string) ?? "null"),
      ("constants", JSONText.object(table.constants.map { ($0.key, $0.json) })),
      ("axes", "[" + table.axes.map(JSONText.string).joined(separator: ",") + "]"),
      (
        "metrics",
        "[" + table.columns.map { JSONText.string($0.description) }.joined(separator: ",") + "]"
      ),
      ("rows", "[" + rows.joined(separator: ",") + "]"),
    ])
  }

  static func number(_ value: Double?) -> String {
    guard let value else { return "null" }
    if value.isNaN || value.isInfinite { return JSONText.string(NumberText.exact(value)) }
    return NumberText.exact(value)
  }
}
