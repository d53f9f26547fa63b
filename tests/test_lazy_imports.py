"""`align extract` imports only what extraction needs: Dask, numpy and numba (the aligner) cost
about 0.7 s of start-up that a page extractor must not pay."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HEAVY = ("distributed", "dask", "numpy", "numba", "datasets", "pyarrow", "torch")
# what a folder of HTML pages read in one process never uses: the other reader kinds (fastwarc,
# gzip), the process pool
UNUSED_FOR_HTML = ("fastwarc", "gzip", "align.readers.warc", "align.readers.jsonl", "align.readers.text",
                   "align.readers.fields", "concurrent.futures")


def test_extract_run_imports_no_heavy_module(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    body = "".join(f"<p>Paragraph {i} of a plain article about the harbour and its old boats.</p>" for i in range(8))
    (pages / "a.html").write_text(f"<html><head><title>A</title></head><body><article>{body}</article></body></html>")
    code = (
        "import sys\n"
        "from align.cli import main\n"
        f"sys.argv = ['align', 'extract', {str(pages)!r}, '-o', {str(tmp_path / 'out.jsonl')!r}, '--quiet']\n"
        "try:\n    main()\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
        f"print(sorted(m for m in {UNUSED_FOR_HTML!r} if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-2:] == ["[]", "[]"]
    assert (tmp_path / "out.jsonl").read_text().count("\n") == 1


def test_align_stage_code_matches_the_aligner() -> None:
    from align.sentalign.folders import ALIGNER_CODE
    from align.stages.align import ALIGN

    assert ALIGN.code == ALIGNER_CODE


def test_pin_threads_plugin_pickles_by_reference() -> None:
    import pickle

    import align.executors as ex

    plugin = ex.PinThreads(2)
    back = pickle.loads(pickle.dumps(plugin))
    assert type(back) is ex.PinThreads and back.threads == 2


def test_stage_code_kept_in_the_cache_folder(tmp_path: Path, monkeypatch) -> None:
    """The stage's code digest is read from the user's cache while the package is unchanged,
    and digested again when the stored stamp is not the package's."""
    import json

    from align import __version__, runner
    from align.digest import code_digest

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    runner._package_stamp.cache_clear()
    runner._stored_code_digest.cache_clear()
    real = code_digest("extract", "readers")
    assert runner.stage_code("extract") == f"{__version__}+{real[:16]}"
    (store,) = (tmp_path / "ko-en-align").glob("code-digests-*.json")
    kept = json.loads(store.read_text())
    assert kept["digests"]["extract,readers"] == real
    # a stored digest is used as it is while the stamp matches ...
    kept["digests"]["extract,readers"] = "f" * 64
    store.write_text(json.dumps(kept))
    runner._package_stamp.cache_clear()
    runner._stored_code_digest.cache_clear()
    assert runner.stage_code("extract") == f"{__version__}+{'f' * 16}"
    # ... and not once the package's files (their names, sizes, times) differ from the stamp
    kept["stamp"] = "another package"
    store.write_text(json.dumps(kept))
    runner._package_stamp.cache_clear()
    runner._stored_code_digest.cache_clear()
    assert runner.stage_code("extract") == f"{__version__}+{real[:16]}"
    runner._package_stamp.cache_clear()
    runner._stored_code_digest.cache_clear()


def test_package_stamped_once_for_all_stages(tmp_path: Path, monkeypatch) -> None:
    """The package's source stamps do not depend on the stage: one walk of the package serves
    every stage's code digest."""
    from align import runner

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    walks = []
    real = runner._source_stamps
    monkeypatch.setattr(runner, "_source_stamps", lambda: walks.append(1) or real())
    runner._package_stamp.cache_clear()
    runner._stored_code_digest.cache_clear()
    try:
        for stage in runner.STAGE_CODE:
            runner.stage_code(stage)
        assert len(walks) == 1
    finally:
        runner._package_stamp.cache_clear()
        runner._stored_code_digest.cache_clear()


def test_source_stamps_are_rglobs() -> None:
    """The package's source stamps (which keep a stored stage-code digest valid) list what
    rglob("*.py") finds, with each file's size and mtime."""
    from align import runner

    root = runner._PACKAGE_ROOT
    assert runner._source_stamps() == sorted(
        (str(p.relative_to(root)), (st := p.stat()).st_size, st.st_mtime_ns) for p in root.rglob("*.py"))
