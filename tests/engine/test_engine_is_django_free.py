"""The engine computes without Django: importing every module of it loads no part of Django."""

import pkgutil
import subprocess
import sys
from pathlib import Path

import engine

ROOT = Path(engine.__file__).resolve().parent.parent


def engine_modules() -> list[str]:
    return ["engine"] + [info.name for info in pkgutil.walk_packages(engine.__path__, prefix="engine.")]


def test_it_imports_every_engine_module_without_loading_django():
    script = (
        "import importlib, sys\n"
        f"for name in {engine_modules()!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True, env={}
    )
    assert result.stdout.strip() == "[]"
    assert len(engine_modules()) > 20  # the walk found the package's modules, not an empty tree
