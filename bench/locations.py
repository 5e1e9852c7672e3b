"""Where ClaimBench finds its dataset, its Hydra configs, the leaderboard and the folder for run outputs.

Every command resolves these the same way, first match wins:

    1. an explicit option (`--data-dir`, `--root`, `data.path=...`, `runs_dir=...`)
    2. an environment variable (CLAIMBENCH_DATA, CLAIMBENCH_CONFIGS, CLAIMBENCH_LEADERBOARD, CLAIMBENCH_RUNS)
    3. the current checkout: the nearest folder at or above the working directory whose pyproject.toml
       names the `claimbench` project (a clone or a fork, wherever claimbench itself is installed from)
    4. the copy installed with the package (the released dataset and the configs ship inside the wheel)

The leaderboard has no installed copy: outside a checkout a leaderboard command needs `--root`. Runs
outside a checkout go to ./claimbench-runs, never scattered in the working directory.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Union

ENV_DATA = "CLAIMBENCH_DATA"
ENV_CONFIGS = "CLAIMBENCH_CONFIGS"
ENV_LEADERBOARD = "CLAIMBENCH_LEADERBOARD"
ENV_RUNS = "CLAIMBENCH_RUNS"
PROJECT_NAME = "claimbench"
# The installed copies: setuptools maps these package names onto data/ and configs/ of the source tree
# (pyproject.toml, [tool.setuptools.package-dir]), so the wheel carries the released files and configs only.
DATA_PACKAGE = "bench._release"
CONFIGS_PACKAGE = "bench._configs"
RUNS_OUTSIDE_CHECKOUT = "claimbench-runs"

_NAME_LINE = re.compile(r"""^\s*name\s*=\s*["']([^"']+)["']""", re.M)


@dataclass(frozen=True)
class Location:
    """A resolved folder and how it was found (option, environment, checkout or installed)."""

    path: Path
    source: str

    def describe(self) -> str:
        return f"{self.path} ({self.source})"


PathLike = Union[str, os.PathLike, None]


def _project_name(pyproject: Path) -> Optional[str]:
    """The [project] name of a pyproject.toml, or None (unreadable, no [project] table)."""
    try:
        text = pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10: the first name = "..." after [project]
        head = text.split("[project]", 1)
        match = _NAME_LINE.search(head[1].split("\n[", 1)[0]) if len(head) == 2 else None
        return match.group(1) if match else None
    try:
        name = tomllib.loads(text).get("project", {}).get("name")
    except tomllib.TOMLDecodeError:
        return None
    return name if isinstance(name, str) else None


def find_checkout(start: PathLike = None) -> Optional[Path]:
    """The nearest folder at or above `start` (default: the working directory) holding a pyproject.toml
    that names the claimbench project; None outside a checkout."""
    try:
        here = Path(start or os.getcwd()).resolve()
    except OSError:  # the working directory was removed
        return None
    for folder in (here, *here.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and _project_name(candidate) == PROJECT_NAME:
            return folder
    return None


def _installed(package: str, fallback: str) -> Optional[Path]:
    """The folder of a package-data folder inside `bench` (found with importlib.resources); in a source tree
    that is not installed (a checkout, an editable install), the folder of the tree it maps to."""
    from importlib import resources

    installed = resources.files("bench").joinpath(package.rsplit(".", 1)[1])
    if installed.is_dir():
        return Path(str(installed))
    source_tree = Path(__file__).resolve().parent.parent / fallback
    return source_tree if source_tree.is_dir() else None


def installed_data_path() -> Path:
    """The released dataset installed with the package: pass it to `datasets.load_dataset(str(path))` or
    `bench.dataset.load_split(split, path)`."""
    path = _installed(DATA_PACKAGE, "data")
    if path is None:
        raise FileNotFoundError("the claimbench package was installed without its dataset; reinstall it")
    return path


def installed_configs_path() -> Path:
    path = _installed(CONFIGS_PACKAGE, "configs")
    if path is None:
        raise FileNotFoundError("the claimbench package was installed without its configs; reinstall it")
    return path


def _explicit(path: PathLike, env: str) -> Optional[Location]:
    if path not in (None, ""):
        return Location(Path(path).expanduser(), "option")
    value = os.environ.get(env)
    if value:
        return Location(Path(value).expanduser(), f"${env}")
    return None


def data_location(path: PathLike = None, start: PathLike = None) -> Location:
    """The dataset folder (train/validation/test.jsonl, release.json, README.md)."""
    found = _explicit(path, ENV_DATA)
    if found:
        return found
    checkout = find_checkout(start)
    if checkout is not None and (checkout / "data").is_dir():
        return Location(checkout / "data", "checkout")
    return Location(installed_data_path(), "installed")


def configs_location(path: PathLike = None, start: PathLike = None) -> Location:
    """The Hydra config folder (config.yaml and the model/, data/, scorer/ groups)."""
    found = _explicit(path, ENV_CONFIGS)
    if found:
        return found
    checkout = find_checkout(start)
    if checkout is not None and (checkout / "configs" / "config.yaml").is_file():
        return Location(checkout / "configs", "checkout")
    return Location(installed_configs_path(), "installed")


def leaderboard_location(path: PathLike = None, start: PathLike = None) -> Location:
    """The leaderboard folder a `claimbench leaderboard` command acts on: never the installed package's
    checkout when the working directory is another clone. Raises FileNotFoundError outside a checkout."""
    found = _explicit(path, ENV_LEADERBOARD)
    if found:
        return found
    checkout = find_checkout(start)
    if checkout is None:
        raise FileNotFoundError("not inside a ClaimBench checkout (no pyproject.toml naming claimbench at or above "
                                f"{os.getcwd()}): run this from your clone or pass --root")
    return Location(checkout / "leaderboard", "checkout")


def runs_location(path: PathLike = None, start: PathLike = None) -> Location:
    """Where `claimbench run` writes its run folders: runs/ of the checkout, else ./claimbench-runs."""
    found = _explicit(path, ENV_RUNS)
    if found:
        return found
    checkout = find_checkout(start)
    if checkout is not None:
        return Location(checkout / "runs", "checkout")
    return Location(Path(start or os.getcwd()).resolve() / RUNS_OUTSIDE_CHECKOUT, "outside a checkout")
