"""Make the HTML reference that Redocly CLI builds work with no network: `make docs` runs this on its output.

`redocly build-docs --inlineBundle` inlines the renderer, but the renderer's "API docs by Redocly" badge still
loads its image from Redocly's CDN. The badge stays, its image becomes an inline SVG wordmark; and a page whose
markup still loads a script, stylesheet or font from elsewhere is refused with a readable error rather than
shipped. (Addresses inside the renderer's code are loaded only on demand; tests/docs/test_reference.py opens the
page with the network cut and fails on any request it makes.)
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from urllib.parse import quote

BADGE_IMAGES = ("https://cdn.redoc.ly/redoc/logo-mini-full.svg", "https://cdn.redoc.ly/redoc/logo-mini.svg")
WORDMARK = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="16" viewBox="0 0 64 16">'
    '<text x="0" y="12" font-family="sans-serif" font-size="12" fill="#0044D4">Redocly</text></svg>'
)
# Markup that loads from the network: <script src>, <link href> (stylesheets, fonts), CSS url() and @import.
REMOTE_LOADS = re.compile(
    r"""<script[^>]*\ssrc=["'](https?://[^"']+)|<link[^>]*\shref=["'](https?://[^"']+)"""
    r"""|url\(\s*["']?(https?://[^"')\s]+)|@import\s+["'](https?://[^"']+)""",
    re.IGNORECASE,
)


def make_offline(html: str) -> str:
    """The page with its badge image inlined; ValueError naming any other CDN or font address left in it."""
    data_uri = "data:image/svg+xml," + quote(WORDMARK)
    for image in BADGE_IMAGES:
        html = html.replace(image, data_uri)
    left = sorted({next(group for group in match.groups() if group) for match in REMOTE_LOADS.finditer(html)})
    if left:
        raise ValueError(f"the page still loads from the network: {', '.join(left)}")
    return html


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", type=Path, help="the built HTML page, rewritten in place")
    args = parser.parse_args(argv)
    try:
        args.page.write_text(make_offline(args.page.read_text(encoding="utf-8")), encoding="utf-8")
    except (OSError, ValueError) as error:
        print(f"offline_docs: {args.page}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
