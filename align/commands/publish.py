"""`align publish DATASET --repo-id NAME`: upload a dataset folder to the Hugging Face Hub."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("dataset", type=click.Path(path_type=Path))
@click.option("--repo-id", required=True, help="user-or-org/name of the dataset repo (created if missing).")
@click.option("--private", is_flag=True, help="Create the repo as private.")
@click.option("--revision", help="Branch to commit to (created if missing); default: main.")
def cli(dataset: Path, repo_id: str, private: bool, revision: str | None) -> None:
    """Upload DATASET (a folder written by `align dataset`) in one commit; prints the repo URL.

    The token comes from HF_TOKEN or your saved login (`hf auth login`); it is never printed.
    """
    from ..publish.check import DatasetFolderError
    from ..publish.hub import NoTokenError, publish_dataset

    try:
        url = publish_dataset(dataset, repo_id, private=private, revision=revision)
    except (DatasetFolderError, NoTokenError) as e:
        raise click.ClickException(str(e)) from None
    except Exception as e:  # network / permission errors from the Hub client, in its own words
        raise click.ClickException(f"upload to {repo_id} failed: {type(e).__name__}: {e}") from None
    click.echo(url)
