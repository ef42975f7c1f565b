"""pydantic's plugin loader, stood in for while plugins are switched off.

Before it builds its first validator, pydantic imports its plugin loader, and the loader
imports ``importlib.metadata`` (with the ``email`` package under it) at once: 15 ms of a
``check`` of 200, spent even when ``PYDANTIC_DISABLE_PLUGINS`` says there are no plugins to
look for. With plugins switched off the loader's one function answers "none" without
looking, so :func:`skip_plugin_loader` has the import of the loader give a module that
answers so. Anything else asked of it is the real loader's, imported then.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from functools import cache
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import Any

LOADER = "pydantic.plugin._loader"
OFF = ("__all__", "1", "true")
"""The values of ``PYDANTIC_DISABLE_PLUGINS`` that switch every plugin off."""


class _StandIn:
    """An import finder and loader for :data:`LOADER` alone, while plugins are off."""

    def find_spec(self, name: str, path: object = None, target: object = None) -> ModuleSpec | None:
        """The stand-in's spec for the plugin loader while plugins are off; else None."""
        if name != LOADER or os.environ.get("PYDANTIC_DISABLE_PLUGINS") not in OFF:
            return None
        # A loader as far as the import system goes (create_module, exec_module); subclassing
        # importlib.abc.Loader for the type checker would import importlib.resources (20 ms).
        return importlib.util.spec_from_loader(name, self)  # type: ignore[arg-type]

    def create_module(self, spec: ModuleSpec) -> None:
        """Python's default module."""

    def exec_module(self, module: ModuleType) -> None:
        """Give the module the loader's function, and the real loader behind it."""
        module.get_plugins = _no_plugins  # type: ignore[attr-defined]
        module.__getattr__ = _real  # type: ignore[method-assign]


_STAND_IN = _StandIn()


def skip_plugin_loader() -> None:
    """From now on, an import of pydantic's plugin loader while plugins are switched off gives
    the stand-in (once: calling again changes nothing)."""
    if _STAND_IN not in sys.meta_path:
        sys.meta_path.insert(0, _STAND_IN)


def _no_plugins() -> tuple[()]:
    """What the real ``get_plugins`` returns while plugins are switched off."""
    return ()


def _real(name: str) -> Any:
    """Anything but ``get_plugins``: the real loader's. (The import machinery's own
    questions, ``__path__`` and the like, are the stand-in's.)"""
    if name.startswith("__"):
        raise AttributeError(name)
    return getattr(_real_loader(), name)


@cache
def _real_loader() -> ModuleType:
    """pydantic's real plugin loader, loaded from its file the first time it is asked for."""
    spec = importlib.util.find_spec("pydantic.plugin")
    assert spec is not None and spec.submodule_search_locations is not None
    location = f"{spec.submodule_search_locations[0]}/_loader.py"
    real_spec = importlib.util.spec_from_file_location(f"{LOADER}.real", location)
    assert real_spec is not None and real_spec.loader is not None
    real = importlib.util.module_from_spec(real_spec)
    real_spec.loader.exec_module(real)
    return real
