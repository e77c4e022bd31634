"""Entry point for ``python -m fact_gui``."""

import sys

from fact_gui.cli import main

# Guarded: batch imports start worker processes that re-import this module.
if __name__ == "__main__":
    sys.exit(main())
