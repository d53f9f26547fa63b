"""De-duplication: normalisation, exact and near duplicate pairs, boilerplate."""

import numpy as np
import pytest

from align.dedup import DedupConfig, DedupIndex, looks_like_byline, normalize, text_key


def test_normalize_width_case_space_punctuation() -> None:
    assert normalize("  Ｓｅｏｕｌ,   KOREA!! ") == "seoul korea"
    assert normalize("서울\u3000시청 “공고”") == "서울 시청 공고"
    # NFD Hangul (as macOS writes it) and NFC compare equal
    import unicodedata

    assert normalize(unicodedata.normalize("NFD", "한국어")) == normalize("한국어")
    assert text_key("") == 0 and text_key("a") != 0


@pytest.mark.parametrize(
    "text, expected",
    [
        ("By Kim Ji-hoon, staff reporter", True),
        ("Please direct questions or comments to [english@hani.co.kr]", True),
        ("홍길동 기자", True),
        ("The reporter said the vote was close.", False),
        ("정부는 예산안을 제출했다.", False),
    ],
)
def test_byline(text: str, expected: bool) -> None:
    assert looks_like_byline(text) is expected


def decide(rows: list[tuple[str, str, int]], active=None, **cfg):
    index = DedupIndex(DedupConfig(**cfg))
    # two batches, to check that batch boundaries do not matter
    half = len(rows) // 2
    for part in (rows[:half], rows[half:]):
        index.add([r[0] for r in part], [r[1] for r in part])
    act = np.ones(len(rows), bool) if active is None else np.array(active)
    pairs = np.array([r[2] for r in rows])
    return index.decide(act, pairs, lambda i: rows[i][:2])


EN_WORDS = "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike".split()
KO_SYL = "가나다라마바사아자차카타파하"


def sentence(i: int) -> tuple[str, str]:
    """Row i: words made of letters only (digits are folded by the boilerplate key)."""
    tag = "".join(EN_WORDS[int(d)] for d in str(i))
    en = " ".join(EN_WORDS[(i * 7 + k * 3) % 13] + tag for k in range(8))
    ko_tag = "".join(KO_SYL[int(d)] for d in str(i))
    ko = " ".join(KO_SYL[(i + k) % 14] + KO_SYL[k] + ko_tag for k in range(6))
    return ko, en


def test_exact_duplicates_after_normalisation_keep_the_first() -> None:
    a, b = sentence(1), sentence(2)
    rows = [(a[0], a[1], 0), (b[0], b[1], 0), (a[0] + "  ", a[1].upper() + "!", 1), (a[0], a[1], 2)]
    reasons, counts = decide(rows)
    assert reasons.tolist() == ["", "", "duplicate", "duplicate"]
    assert counts["duplicate"] == 2


def test_near_duplicates() -> None:
    base = [sentence(i) for i in range(40)]
    rows = [(ko, en, i) for i, (ko, en) in enumerate(base)]
    ko, en = base[5]
    rows.append((ko, en.replace(en.split()[1], "changed", 1) + " today", 99))  # one word changed, one added
    rows.append((base[6][0], "something else entirely with other words here", 98))  # same ko, other en
    reasons, counts = decide(rows)
    assert reasons[40] == "near-duplicate"
    assert reasons[41] == ""
    assert counts["near-duplicate"] == 1
    assert (reasons[:40] == "").all()


def test_boilerplate_recurring_across_pairs_and_digits_folded() -> None:
    rows = [sentence(i) + (i,) for i in range(10)]
    for p in range(6):
        rows.append((f"서울={p + 1}일 연합뉴스", f"SEOUL, Nov. {p + 10} (Yonhap)", p))
    rows.append(("홍길동 기자", "By Hong Gil-dong, staff reporter", 3))
    reasons, counts = decide(rows, boilerplate_min_pairs=5)
    assert (reasons[10:] == "boilerplate").all()
    assert (reasons[:10] == "").all()
    assert counts["boilerplate"] == 7


def test_recurrence_within_one_pair_is_not_boilerplate_and_inactive_rows_untouched() -> None:
    rows = [sentence(i) + (0,) for i in range(3)] + [("같은 문장이다", "The same sentence.", 0)] * 6
    active = [True] * 8 + [False]
    reasons, _ = decide(rows, active=active, boilerplate_min_pairs=2)
    assert reasons.tolist()[:4] == ["", "", "", ""]
    assert reasons.tolist()[4:8] == ["duplicate"] * 4 and reasons[8] == ""
