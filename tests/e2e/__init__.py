"""End-to-end tests: fact-gui run as a separate process, as a user would."""
