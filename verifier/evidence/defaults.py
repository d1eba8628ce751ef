"""Default limits and addresses of the evidence clients, in a module that imports nothing, so
that settings can name them without loading an HTTP client."""

DEFAULT_DEADLINE = 600.0
DEFAULT_MAX_ANSWER_BYTES = 64 << 20  # an efetch of 200 records is a few MB
DEFAULT_MAX_RETRY_WAIT = 120.0
DEFAULT_CROSSREF_URL = "https://api.crossref.org"
