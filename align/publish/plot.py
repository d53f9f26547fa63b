"""The card's figure: bead types and aligner scores, drawn from stats.json's numbers."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

from ..atomic import atomic_open


def draw_distributions(stats: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")  # headless: no display on servers or CI
    import matplotlib.pyplot as plt

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.6), dpi=100)
    kinds = sorted(stats["bead_types"]["all"], key=lambda k: -stats["bead_types"]["all"][k])
    kept = [stats["bead_types"]["kept"].get(k, 0) for k in kinds]
    dropped = [stats["bead_types"]["all"][k] - stats["bead_types"]["kept"].get(k, 0) for k in kinds]
    ax1.bar(kinds, kept, label="kept")
    ax1.bar(kinds, dropped, bottom=kept, label="dropped", color="#bbbbbb")
    ax1.set_title("Bead types (Korean-English sentences)")
    ax1.set_ylabel("rows")
    ax1.legend()
    edges = stats["score"]["edges"]
    centers = [(a + b) / 2 for a, b in itertools.pairwise(edges)]
    width = (edges[1] - edges[0]) if len(edges) > 1 else 1.0
    ax2.bar(centers, stats["score"]["kept"], width=width, label="kept")
    ax2.bar(centers, stats["score"]["dropped"], width=width, bottom=stats["score"]["kept"], label="dropped", color="#bbbbbb")
    ax2.set_title("Aligner score")
    ax2.set_xlabel("score")
    ax2.legend()
    fig.tight_layout()
    with atomic_open(path, "wb") as f:
        fig.savefig(f, format="png")
    plt.close(fig)
