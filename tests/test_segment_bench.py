"""scripts/bench_segment.py reads outside suites at run time: its readers, on files written here
in the same formats."""

import importlib.util
import sys
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parents[1] / "scripts" / "bench_segment.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_segment", _PATH)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def test_reads_python_case_lists_and_pytest_params(bench, tmp_path):
    f = tmp_path / "test_cases.py"
    f.write_text(
        "import pytest\n"
        "CASES = [\n"
        "    ('One. Two.', ['One.', 'Two.']),\n"
        "    pytest.param('Dr. No. Yes.', ['Dr. No.', 'Yes.'], marks=pytest.mark.xfail),\n"
        "    ('#12', 'Issue text.', ['Issue text.']),\n"
        "    ('not a case', 3),\n"
        "]\n"
        "OTHER = [('A. B.', ['A. B.'])]\n",
        encoding="utf-8",
    )
    assert bench.read_python_cases(f, "CASES") == [
        ("One. Two.", ["One.", "Two."]),
        ("Dr. No. Yes.", ["Dr. No.", "Yes."]),
        ("Issue text.", ["Issue text."]),
    ]
    assert len(bench.read_python_cases(f)) == 4  # every module-level list


def test_reads_rspec_cases(bench, tmp_path):
    f = tmp_path / "english_spec.rb"
    f.write_text(
        "describe 'x' do\n"
        "  it \"splits #001\" do\n"
        "    ps = PragmaticSegmenter::Segmenter.new(text: \"Hi there. \\\"Bye.\\\"\", language: \"en\")\n"
        "    expect(ps.segment).to eq([\"Hi there.\", \"\\\"Bye.\\\"\"])\n"
        "  end\n"
        "  it 'single quotes #002' do\n"
        "    ps = PragmaticSegmenter::Segmenter.new(text: 'It\\'s over. Go.', language: 'en')\n"
        "    expect(ps.segment).to eq([\"It's over.\", \"Go.\"])\n"
        "  end\n"
        "  it 'other options are skipped #003' do\n"
        "    ps = PragmaticSegmenter::Segmenter.new(text: 'A. B.', language: 'en', doc_type: 'pdf')\n"
        "    expect(ps.segment).to eq(['A.', 'B.'])\n"
        "  end\n"
        "end\n",
        encoding="utf-8",
    )
    assert bench.read_rspec_cases(f) == [
        ('Hi there. "Bye."', ["Hi there.", '"Bye."']),
        ("It's over. Go.", ["It's over.", "Go."]),
    ]


def test_reads_sentencex_cases(bench, tmp_path):
    f = tmp_path / "en.txt"
    f.write_text(
        "# comment\n\nOne. Two.\n---\nOne.\nTwo.\n===\nLine one\nline two\n---\nLine one\\nline two\n===\nLast.\n---\nLast.",
        encoding="utf-8",
    )
    assert bench.read_sentencex_cases(f) == [
        ("One. Two.", ["One.", "Two."]),
        ("Line one\nline two", ["Line one\nline two"]),
        ("Last.", ["Last."]),
    ]


def test_cases_needing_cleaning_are_left_out(bench):
    cases = [("A.  B.", ["A.", "B."]), ("<b>A.</b>", ["A."]), ("A..... B", ["A B"])]
    assert bench.without_cleaning(cases) == [("A.  B.", ["A.", "B."])]


def test_reads_treebank_paragraphs_and_scores_them(bench, tmp_path):
    f = tmp_path / "x.conllu"
    f.write_text(
        "# newdoc id = GUM_news_test\n# newpar\n# text = It rained.\n1\tIt\n\n# text = Roads shut.\n1\tRoads\n\n"
        "# newpar\n# newpar_block = p (1 s)\n# text = Dr. Kim left.\n1\tDr.\n\n"
        "# newdoc id = GUM_vlog_test\n# newpar\n# text = Hi.\n1\tHi\n",
        encoding="utf-8",
    )
    paras = bench.read_treebank_paragraphs(f)
    assert paras == [
        ("It rained. Roads shut.", ["It rained.", "Roads shut."], "news"),
        ("Dr. Kim left.", ["Dr. Kim left."], "news"),
        ("Hi.", ["Hi."], "vlog"),
    ]
    # a splitter that never splits finds no inner end; one that splits at every stop cuts "Dr."
    assert bench.boundary_counts(lambda t: [t], paras) == (2, 0, 0, 1)
    assert bench.boundary_counts(lambda t: t.replace(". ", ".\n").split("\n"), paras) == (2, 1, 2, 1)
