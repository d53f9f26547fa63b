"""Upload a dataset folder to the Hugging Face Hub in one commit.

The token comes from HF_TOKEN or the user's saved login (`hf auth login`) through
huggingface_hub.get_token; it is handed to the client and never printed or written. The folder
is checked first (complete, written by this toolkit version) and only the files stats.json lists
are sent, in a single commit: the repo gets all of them or none. HF_ENDPOINT points the client at
another server (a mirror, or the test's local one).
"""

from __future__ import annotations

import os
from pathlib import Path

from .check import check_dataset


class NoTokenError(Exception):
    """No Hugging Face token in the environment or the saved login."""


LOGIN_HELP = (
    "no Hugging Face token found: run `hf auth login` (or `huggingface-cli login`), or set HF_TOKEN "
    "to a token with write access (https://huggingface.co/settings/tokens). Nothing was uploaded."
)


def publish_dataset(
    folder: str | os.PathLike,
    repo_id: str,
    *,
    private: bool = False,
    revision: str | None = None,
    token: str | None = None,
    endpoint: str | None = None,
    commit_message: str | None = None,
) -> str:
    """Create the dataset repo if needed, upload the folder, return the repo's URL."""
    from huggingface_hub import CommitOperationAdd, HfApi, get_token

    folder = Path(folder)
    stats = check_dataset(folder)  # raises DatasetFolderError before anything touches the network
    token = token or get_token()
    if not token:
        raise NoTokenError(LOGIN_HELP)
    from .card import amend_card

    stats = amend_card(folder, repo_id=repo_id)  # the card's usage snippet loads it from this repo
    api = HfApi(endpoint=endpoint, token=token)
    repo = api.create_repo(repo_id, repo_type="dataset", private=private, exist_ok=True)
    if revision:
        api.create_branch(repo_id, branch=revision, repo_type="dataset", exist_ok=True)
    operations = [CommitOperationAdd(path_in_repo=rel, path_or_fileobj=str(folder / rel)) for rel in stats["files"]]
    message = commit_message or (
        f"Upload dataset ({stats['rows_kept']} rows) built with ko-en-align {stats['toolkit_version']}"
    )
    api.create_commit(repo_id, operations, commit_message=message, repo_type="dataset", revision=revision)
    url = str(repo).rstrip("/")
    return f"{url}/tree/{revision}" if revision else url
