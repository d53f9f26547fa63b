"""Pairing English articles with their Korean originals, in tiers (see `pair_articles`)."""
