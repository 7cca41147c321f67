"""The `oncall` subcommands, one module per group; `oncall.cli` registers them."""
