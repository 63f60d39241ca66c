"""The open API's contract figures: its version and the bounds of what one call may ask.

These are limits of the service, not scheme rules (those live in the handbook files). The rate
limit buckets they feed are in psoportal/accounts/ratelimit.py (POLICY, the `api-*` scopes)
and documented in docs/rate-limits.md.
"""

from __future__ import annotations

# NL API Design Rules /core/uri-version and /core/version-header: the major version is in the
# URI, the full semantic version in the API-Version header of every response.
API_VERSION = "1.0.0"
PREFIX = "/api/"
BASE_PATH = "/api/v1"

# Register search: a page holds at most this many entries; pages past MAX_PAGE are refused
# (an OFFSET in the billions is not a question anyone asks, and SQLite cannot hold it).
DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100
MAX_PAGE = 10_000

# One bulk check answers at most this many KvK numbers.
MAX_BULK_KVKS = 1_000

# A score call costs one token of the `api-score-ip` bucket per started block of this many
# bytes of its document: what parsing and scoring cost grows with the document, and its size
# is known before any work is done. The largest document (methodology.limits.MAX_DOCUMENT_BYTES)
# costs 129 tokens.
SCORE_BYTES_PER_TOKEN = 256 * 1024

