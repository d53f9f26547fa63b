"""Publishing: the Hugging Face dataset folder (parquet per split, card, stats) and its upload."""

from .build import build_dataset
from .check import DatasetFolderError, check_dataset
from .schema import DATASET_FORMAT, SPLITS, features

__all__ = ["DATASET_FORMAT", "SPLITS", "DatasetFolderError", "build_dataset", "check_dataset", "features"]
