"""Addresses read as browsers read them."""

from __future__ import annotations

import ada_url


def web_address(url: str, base: str | None = None) -> ada_url.URL | None:
    """`url` (resolved against `base`) as a browser reads it, or None where a browser finds no URL.

    Python's `urlsplit` is not how browsers read an address: to a browser `\\` is `/` in https,
    tabs and newlines anywhere are dropped, hosts are percent-decoded, IDNA-mapped (`．` and `。`
    are dots, letters lower-cased) and numeric IPv4 forms rewritten. The WHATWG URL standard says
    how; ada (the parser of Node.js, tested against the standard's own test suite) implements it.
    """
    try:
        return ada_url.URL(url, base)
    except ValueError:
        return None
