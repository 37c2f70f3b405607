"""The `kerasgan` command line: one module per command, dispatched by `kerasgan.cli.main`."""
