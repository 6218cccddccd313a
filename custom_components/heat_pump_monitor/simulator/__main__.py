"""``python -m custom_components.heat_pump_monitor.simulator``: see :mod:`.cli`."""

from .cli import main

raise SystemExit(main())
