"""scripts/offline_docs.py: the badge image is inlined, and any other CDN or font address is refused."""

from __future__ import annotations

import pytest

from scripts.offline_docs import BADGE_IMAGES, main, make_offline


def test_the_badge_images_become_inline_svg():
    html = f'<img src="{BADGE_IMAGES[0]}"><img src="{BADGE_IMAGES[1]}"><a href="https://redocly.com/redoc/">'
    result = make_offline(html)
    assert "cdn.redoc.ly" not in result
    assert result.count('src="data:image/svg+xml,') == 2
    assert 'href="https://redocly.com/redoc/"' in result  # links are not loads; the attribution stays


@pytest.mark.parametrize(
    "markup",
    [
        '<script src="https://cdn.redocly.com/redoc/v3.0.1/bundles/redoc.standalone.js"></script>',
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">',
        "<style>@font-face { src: url(https://fonts.gstatic.com/s/roboto.woff2) }</style>",
        "<style>@import 'https://unpkg.com/x.css';</style>",
    ],
)
def test_markup_that_loads_from_the_network_is_refused(markup):
    with pytest.raises(ValueError, match="still loads from the network"):
        make_offline(markup)


def test_addresses_in_script_code_are_left_to_the_browser_test():
    html = '<script>const icons = "https://cdn.redocly.com/icons/fa/7.0.0";</script>'
    assert make_offline(html) == html


def test_the_command_rewrites_in_place_and_reports_errors(tmp_path, capsys):
    page = tmp_path / "index.html"
    page.write_text(f'<img src="{BADGE_IMAGES[1]}">', encoding="utf-8")
    assert main([str(page)]) == 0
    assert "cdn.redoc.ly" not in page.read_text(encoding="utf-8")
    page.write_text('<script src="https://cdn.example.net/x.js"></script>', encoding="utf-8")
    assert main([str(page)]) == 1
    assert "cdn.example.net" in capsys.readouterr().err
    assert main([str(tmp_path / "missing.html")]) == 1
