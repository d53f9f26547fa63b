"""scripts/l3s_gn1_pages.py on a dataset folder written here in L3S-GN1's layout: the full-text
spans of each annotated copy become the truth (headline, comments and unlabelled text left out),
the joins and characters the annotated copy lost are taken back from the original page, a page
without full text is left out, a wrong folder refused."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from l3s_gn1_pages import build, restore_run  # noqa: E402

UUID_A = "0a0a0a0a-1111-2222-3333-444444444444"
UUID_B = "0b0b0b0b-1111-2222-3333-444444444444"

ORIGINAL_A = """<html><body><div id="nav">Home | World</div><h1>Buses return</h1>
<p>The city\u2019s buses run again, the <a href="/council">council</a>, said on Monday.</p>
<p>Drivers \u2013 all of them \u2013 are back.</p><div class="comments">First!</div></body></html>"""

# The annotator's copy: every tag on a line of its own, "?" for what Latin-1 lacks.
ANNOTATED_A = """<html><body><div id="nav">
<span class="x-nc-sel0">Home | World</span>
</div>
<h1>
<span class="x-nc-sel1">Buses return</span>
</h1>
<p>
<span class="x-nc-sel2">The city?s buses run again, the</span>
<a href="/council">
<span class="x-nc-sel2">council</span>
</a>
<span class="x-nc-sel2">, said on Monday.</span>
</p>
<p>
<span class="x-nc-sel2">Drivers ? all of them ? are back.</span>
</p>
<div class="comments">
<span class="x-nc-sel5">First!</span>
</div>
</body></html>"""


def _dataset(root: Path) -> Path:
    folder = root / "L3S-GN1-20100130203947-00001"
    (folder / "original").mkdir(parents=True)
    (folder / "annotated").mkdir()
    (folder / "original" / f"{UUID_A}.html").write_text(ORIGINAL_A, encoding="utf-8")
    (folder / "annotated" / f"{UUID_A}.html").write_text(ANNOTATED_A, encoding="utf-8")
    (folder / "original" / f"{UUID_B}.html").write_text("<html><body><p>Video</p></body></html>", encoding="utf-8")
    (folder / "annotated" / f"{UUID_B}.html").write_text(
        '<html><body><p>\n<span class="x-nc-sel0">Video</span>\n</p></body></html>', encoding="utf-8")
    (folder / "url-mapping.txt").write_text(f"<urn:uuid:{UUID_A}>\thttp://example.org/buses\n", encoding="utf-8")
    return folder


def test_full_text_spans_with_the_original_joins_and_characters(tmp_path: Path) -> None:
    _dataset(tmp_path / "checkout")
    out = tmp_path / "out"
    assert build(tmp_path / "checkout", out) == (1, 1, 2)
    truth = json.loads((out / "ground-truth.json").read_text(encoding="utf-8"))
    assert truth == {UUID_A: {"articleBody": "The city\u2019s buses run again, the council, said on Monday.\n"
                                             "Drivers \u2013 all of them \u2013 are back.",
                              "url": "http://example.org/buses"}}
    assert (out / "pages" / f"{UUID_A}.html").read_text(encoding="utf-8") == ORIGINAL_A
    assert not (out / "pages" / f"{UUID_B}.html").exists()


def test_other_labels_and_the_dataset_folder_itself(tmp_path: Path) -> None:
    folder = _dataset(tmp_path / "checkout")
    out = tmp_path / "out"
    assert build(folder, out, labels=("1", "2"))[0] == 1
    body = json.loads((out / "ground-truth.json").read_text(encoding="utf-8"))[UUID_A]["articleBody"]
    assert body.split("\n")[0] == "Buses return"
    assert "First!" not in body and "Home" not in body


def test_a_run_the_original_lacks_is_kept_as_the_copy_shows_it() -> None:
    assert restore_run(["Is it", "here?"], "Is it here? Yes.") == "Is it here?"
    assert restore_run(["Not", "there"], "Something else") == "Not there"


def test_a_folder_that_is_not_the_dataset_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="is it the L3S-GN1 dataset"):
        build(tmp_path, tmp_path / "out")
