"""setuptools' build backend, leaving the source tree as it found it.

pip builds a local folder in place, and setuptools writes build/ (and an .egg-info folder) there; a user who
runs `pip install <clone>` should not find new folders in their checkout. Every hook is setuptools' own;
the wheel and sdist hooks remove those folders afterwards when they did not exist before.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import build_meta as _setuptools
from setuptools.build_meta import *  # noqa: F401,F403 - the PEP 517 hooks we do not wrap

_LEFTOVERS = ("build", "claimbench.egg-info")


def _cleaning(hook):
    def wrapped(*args, **kwargs):
        before = {name for name in _LEFTOVERS if Path(name).exists()}
        try:
            return hook(*args, **kwargs)
        finally:
            for name in _LEFTOVERS:
                if name not in before and Path(name).is_dir():
                    shutil.rmtree(name, ignore_errors=True)

    wrapped.__name__ = hook.__name__
    return wrapped


build_wheel = _cleaning(_setuptools.build_wheel)
build_sdist = _cleaning(_setuptools.build_sdist)
prepare_metadata_for_build_wheel = _cleaning(_setuptools.prepare_metadata_for_build_wheel)
