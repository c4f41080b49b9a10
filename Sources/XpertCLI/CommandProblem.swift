/// A request that cannot be done as asked, found after the command line was parsed (nothing
/// matches a selection, a choice is missing): `error: ...` and exit 2, without the usage text
/// that a malformed command line gets.
struct CommandProblem: Error {
  var message: String
  var help: String?
}
