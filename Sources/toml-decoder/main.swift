import TOML
