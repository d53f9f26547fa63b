import os

import pytest

from align.atomic import atomic_open, read_jsonl, write_jsonl, write_text


def test_failed_write_leaves_old_file_and_no_temp(tmp_path):
    p = tmp_path / "f.txt"
    write_text(p, "old")
    with pytest.raises(RuntimeError), atomic_open(p) as f:
        f.write("half")
        raise RuntimeError("cut off")
    assert p.read_text() == "old"
    assert [q.name for q in tmp_path.iterdir()] == ["f.txt"]


def test_written_file_gets_the_usual_mode(tmp_path):
    p = tmp_path / "report.html"
    write_text(p, "x")
    umask = os.umask(0)
    os.umask(umask)
    assert os.stat(p).st_mode & 0o777 == 0o666 & ~umask


def test_malformed_jsonl_line_names_file_and_line(tmp_path):
    p = tmp_path / "r.jsonl"
    write_jsonl(p, [{"a": 1}])
    with open(p, "a") as f:
        f.write("{broken\n")
    with pytest.raises(ValueError, match=r"r\.jsonl:2"):
        list(read_jsonl(p))
