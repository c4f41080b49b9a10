import TOML

/// The entry point libFuzzer calls with each input: parse it, and when it parses, encode the
/// result as tagged JSON. A crash, a hang or a sanitizer report is a finding; a thrown
/// `TOMLError` is the expected answer to invalid input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
  let bytes = [UInt8](UnsafeRawBufferPointer(start: start, count: count))
  do {
    let table = try TOMLParser.parse(bytes)
    let json = TOMLTaggedJSON.encode(table)
    precondition(!json.isEmpty, "tagged JSON of a parsed document is empty")
  } catch {
    // `error` is a TOMLError (typed throws): render it, as the CLI does, to exercise that too.
    _ = error.rendered(path: "fuzz.toml")
  }
  return 0
}
