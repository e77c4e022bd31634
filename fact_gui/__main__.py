"""Entry point for ``python -m fact_gui``."""

import sys

from fact_gui.cli import main

sys.exit(main())
