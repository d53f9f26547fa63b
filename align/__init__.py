"""Korean-English translation alignment: news pages in, a sentence-aligned parallel corpus out."""

__version__ = "0.1.0"
