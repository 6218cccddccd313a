"""The HA-free layers stay free of Home Assistant."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "custom_components" / "heat_pump_monitor"


def _imported_modules(path: Path) -> set[str]:
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
    return modules


@pytest.mark.parametrize("layer", ["api", "engine", "simulator"])
def test_layer_does_not_import_home_assistant(layer: str) -> None:
    """Nothing under api/, engine/ or simulator/ imports homeassistant."""
    files = sorted((PACKAGE / layer).rglob("*.py"))
    assert files, f"{layer} has no modules"
    offenders = [
        f"{path.relative_to(PACKAGE)}: {module}"
        for path in files
        for module in _imported_modules(path)
        if module == "homeassistant" or module.startswith("homeassistant.")
    ]
    assert offenders == []


def test_the_check_sees_an_import(tmp_path: Path) -> None:
    """The scanner finds both import spellings, so the test above can fail."""
    module = tmp_path / "bad.py"
    module.write_text("import homeassistant.core\nfrom homeassistant import const\n")
    assert {"homeassistant.core", "homeassistant"} <= _imported_modules(module)
