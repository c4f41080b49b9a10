import ArgumentParser

/// The config file argument every command takes, and `--set KEY=VALUE` overrides of its keys.
struct ConfigArgument: ParsableArguments {
  @Argument(
    help: ArgumentHelp("The sweep's TOML config file.", valueName: "config.toml"),
    completion: .file(extensions: ["toml"]))
  var config: String

  @Option(
    name: .customLong("set"),
    help: ArgumentHelp(
      "Replace a key wherever the file sets it, or add it at the top level (repeatable); the value is TOML, a bare word a string.",
      valueName: "key=value"))
  var overrides: [String] = []
}
