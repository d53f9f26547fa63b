"""`align publish DATASET --repo-id NAME`: upload a dataset folder to the Hugging Face Hub."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("dataset", type=click.Path(path_type=Path))
@click.option("--repo-id", required=True, help="user-or-org/name of the dataset repo (created if missing).")
@click.option("--private", is_flag=True, help="Create the repo as private.")
@click.option("--revision", help="Branch to commit to (created if missing); default: main.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=60.0, show_default=True,
              help="Seconds to wait for the Hub to answer a request (connecting: at most 10).")
@click.option("--retries", type=click.IntRange(min=0, max=10), default=2, show_default=True,
              help="Further tries of a request that timed out or lost its connection.")
def cli(dataset: Path, repo_id: str, private: bool, revision: str | None, timeout: float, retries: int) -> None:
    """Upload DATASET (a folder written by `align dataset`) in one commit; prints the repo URL.

    The token comes from HF_TOKEN or your saved login (`hf auth login`); it is never printed,
    whatever the server sends back. HF_ENDPOINT points at another Hub server.
    """
    from ..publish.check import DatasetFolderError, check_dataset
    from ..publish.hub import (
        NoTokenError,
        PublishError,
        publish_dataset,
        redact,
        redacted_output,
        resolve_token,
    )

    try:
        check_dataset(dataset)  # a broken folder is told before the token is looked for
        token = resolve_token()
    except (DatasetFolderError, NoTokenError) as e:
        raise click.ClickException(str(e)) from None
    try:
        with redacted_output([token]):
            url = publish_dataset(dataset, repo_id, private=private, revision=revision, token=token,
                                  timeout=timeout, retries=retries)
    except (DatasetFolderError, PublishError) as e:
        raise click.ClickException(redact(str(e), [token])) from None
    except Exception as e:  # noqa: BLE001 - anything else from the Hub client, in its own words but never the token
        raise click.ClickException(redact(f"upload to {repo_id} failed: {type(e).__name__}: {e}", [token])) from None
    click.echo(url)
