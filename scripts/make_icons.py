"""Render the app icons' PNGs from their SVGs with Debian's Chromium (the PNGs are committed;
run this again after editing an SVG): ``.venv/bin/python scripts/make_icons.py``.

docs/assets/icons/jiedu.svg            -> jiedu-192.png, jiedu-512.png (rounded, "any")
docs/assets/icons/jiedu-maskable.svg   -> jiedu-maskable-512.png, apple-touch-icon.png (180,
                                          full-bleed: the phone cuts its own shape)
"""
from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ICONS = Path(__file__).resolve().parent.parent / "docs" / "assets" / "icons"
RENDERS = (("jiedu.svg", "jiedu-192.png", 192), ("jiedu.svg", "jiedu-512.png", 512),
           ("jiedu-maskable.svg", "jiedu-maskable-512.png", 512), ("jiedu-maskable.svg", "apple-touch-icon.png", 180))


def main() -> int:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        for svg, png, size in RENDERS:
            page = browser.new_page(viewport={"width": size, "height": size})
            page.set_content(f'<style>html,body{{margin:0;background:transparent}}</style>'
                             f'<img src="data:image/svg+xml;base64,{_b64(ICONS / svg)}" width="{size}" height="{size}" style="display:block">')
            page.locator("img").evaluate("img => img.decode()")
            page.screenshot(path=str(ICONS / png), omit_background=True)
            page.close()
            print(f"{png}: {size}x{size}, {(ICONS / png).stat().st_size} bytes")
        browser.close()
    return 0


def _b64(path: Path) -> str:
    import base64

    return base64.b64encode(path.read_bytes()).decode()


if __name__ == "__main__":
    sys.exit(main())
