"""`align view`: a static, self-contained HTML site of a run's alignments (opens from disk)."""

from .site import SiteResult, page_name, write_site

__all__ = ["SiteResult", "page_name", "write_site"]
