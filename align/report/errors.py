"""The one error type of the report: bad input the user can fix (the CLI exits non-zero)."""

from __future__ import annotations


class ReportInputError(ValueError):
    """Bad input: a message per problem, each naming the file and what is wrong with it."""

    def __init__(self, problems: list[str] | str):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))
