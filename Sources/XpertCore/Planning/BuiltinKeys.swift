import TOML

/// The keys Xpert sets for each job, for uids of sampled or included jobs: `{_index}`, the
/// job's place in the plan (from 1), and `{_hash}`, 8 hex digits of FNV-1a over the job's own
/// values (`key=value` lines sorted by key, `cmd` and `uid` left out), which stay the same while
/// those values do.
enum BuiltinKeys {
  /// Sets `_index` and `_hash` in `row`.
  static func set(in row: inout GroupRows.Row, of group: CompiledGroup, number: Int) {
    guard group.usesIndex || group.usesHash, let index = group.effectiveIndex["_index"],
      let hash = group.effectiveIndex["_hash"]
    else { return }
    let position = group.spec.position
    if group.usesIndex {
      row.overrides[index] = CompiledGroup.Value(
        node: TOMLNode(.integer(Int64(number)), at: position), template: nil)
    }
    guard group.usesHash else { return }
    var lines: [String] = []
    for (at, binding) in group.bindings.enumerated()
    where !binding.isParent && !binding.key.hasPrefix("_") && binding.key != "cmd"
      && binding.key != "uid"
    {
      let value =
        row.overrides[at] ?? (row.choices[at] >= 0 ? binding.values[row.choices[at]] : nil)
      if let value { lines.append(binding.key + "=" + ValueRendering.render(value.node.value)) }
    }
    row.overrides[hash] = CompiledGroup.Value(
      node: TOMLNode(.string(digest(lines.sorted().joined(separator: "\n"))), at: position),
      template: nil)
  }

  /// 8 hex digits: the high half of FNV-1a 64.
  static func digest(_ text: String) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x0000_0100_0000_01b3
    }
    let hex = String(hash >> 32, radix: 16)
    return String(repeating: "0", count: 8 - hex.count) + hex
  }
}
