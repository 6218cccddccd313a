"""Run ``python -m custom_components.heat_pump_monitor.simulator.evaluation``."""

import sys

from .cli import main

sys.exit(main())
