import ArgumentParser

/// The config file argument every command takes.
struct ConfigArgument: ParsableArguments {
  @Argument(help: ArgumentHelp("The sweep's TOML config file.", valueName: "config.toml"))
  var config: String
}
