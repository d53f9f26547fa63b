"""The columns of the published dataset (docs/pipeline.md, "The dataset folder")."""

from __future__ import annotations

import datasets
import pyarrow as pa

DATASET_FORMAT = 2  # 2: the `moved` column. Bump when the folder layout or the columns change; older folders are refused
SPLITS = ("train", "validation", "test")
LANGUAGES = ["en", "ko"]


def features(unfiltered: bool = False) -> datasets.Features:
    cols: dict[str, datasets.features.FeatureType] = {
        "translation": datasets.Translation(languages=LANGUAGES),
        "pair_id": datasets.Value("string"),
        "ko_article_id": datasets.Value("string"),
        "en_article_id": datasets.Value("string"),
        "ko_url": datasets.Value("string"),
        "en_url": datasets.Value("string"),
        "date": datasets.Value("string"),
        "bead": datasets.Value("string"),
        "bead_type": datasets.Value("string"),
        "score": datasets.Value("float32"),
        "sent_index": datasets.Value("int32"),
        "pair_method": datasets.Value("string"),
        "moved": datasets.Value("bool"),
    }
    if unfiltered:
        cols["kept"] = datasets.Value("bool")
        cols["reason"] = datasets.Value("string")
    return datasets.Features(cols)


def arrow_schema(unfiltered: bool = False) -> pa.Schema:
    """Arrow schema with the `huggingface` metadata, so the parquet files carry their features."""
    return features(unfiltered).arrow_schema


def data_file(config: str, split: str) -> str:
    """Path of a split's parquet file inside the dataset folder."""
    folder = "data" if config == "default" else config
    return f"{folder}/{split}-00000-of-00001.parquet"
