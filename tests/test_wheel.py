"""The toolkit as a user installs it: a wheel built from this tree, installed into a fresh
environment, runs `align run` on the sample corpus from another folder with the source recipes
and the viewer's assets found inside the installed package (not in this source tree).

The fresh environment gets the wheel only (`--no-deps`); the dependencies are borrowed from the
environment running the tests through a .pth line, so the check takes seconds, not a 1 GB
install. Building needs setuptools (the `test` extra) and no network (`--no-build-isolation`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SKIP = {".git", ".venv", "out", "build", "dist", "__pycache__", ".pytest_cache", ".ruff_cache", ".mypy_cache"}


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "ALIGN_RECIPES", "VIRTUAL_ENV")}
    return {**env, "HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1"}


def _run(cmd: list[str], cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    r = subprocess.run(cmd, cwd=cwd, env=_env(), capture_output=True, text=True, timeout=timeout, check=False)
    assert r.returncode == 0, f"{' '.join(map(str, cmd))} failed:\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}"
    return r


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh venv with the wheel installed; returns its bin folder."""
    pytest.importorskip("setuptools", minversion="77")  # the license expression in pyproject.toml
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    shutil.copytree(ROOT, src, ignore=lambda d, names: [n for n in names if n in SKIP or n.endswith(".egg-info")])
    dist = tmp / "dist"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(dist), str(src)], tmp)
    wheel = next(dist.glob("ko_en_align-*.whl"))
    venv = tmp / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], tmp)
    py = venv / "bin" / "python"
    _run([sys.executable, "-m", "pip", "--python", str(py), "install", "--no-deps", "-q", str(wheel)], tmp)
    site = Path(_run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], tmp).stdout.strip())
    borrowed = dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib"))
    # a plain path line: the borrowed folder's own .pth files (the editable install of this tree
    # among them) are not run, so `align` can only come from the wheel
    (site / "zz_borrowed_dependencies.pth").write_text("".join(f"{p}\n" for p in borrowed))
    return venv / "bin"


@pytest.mark.slow
def test_installed_wheel_runs_the_sample_from_another_folder(installed: Path, tmp_path: Path) -> None:
    where = tmp_path / "elsewhere"
    where.mkdir()
    probe = ("import align, align.extract.recipes as r; print(align.__file__); print(r.DEFAULT_DIR); "
             "print(len(r.load_recipes()))")
    got = _run([str(installed / "python"), "-c", probe], where).stdout.split("\n")
    venv = installed.parent
    assert Path(got[0]).is_relative_to(venv) and not Path(got[0]).is_relative_to(ROOT), got
    assert Path(got[1]).is_relative_to(venv) and Path(got[1]).name == "recipes", got
    assert int(got[2]) == len(list((ROOT / "corpora" / "recipes").glob("*.toml")))

    r = _run([str(installed / "align"), "run", str(ROOT / "corpora" / "sample"), "-o", "out"], where, timeout=900)
    summary = r.stdout + r.stderr
    assert "pairs found        12 (link 11, id 1)" in summary, summary[-2000:]  # the recipes' links were read
    assert (where / "out" / "dataset" / "README.md").is_file()

    _run([str(installed / "align"), "view", "out", "--quiet"], where)
    for asset in ("site.css", "index.js", "pair.js"):
        assert (where / "out" / "site" / asset).stat().st_size > 0

