"""Use cases shared by the GUI and the CLI: one transaction each, returning a change set."""
