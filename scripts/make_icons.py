"""Draw the workbench's home-screen icons (PWA): the 协 mark on the accent colour, in the sizes browsers ask
for. Run once when the mark changes: `.venv/bin/python scripts/make_icons.py`; the PNGs are committed."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from xieshang.documents.fonts import cjk_font_path

OUT = Path(__file__).resolve().parents[1] / "src" / "xieshang" / "web" / "static" / "xieshang" / "icons"
ACCENT = (0x2F, 0x6F, 0x73)  # --accent of app.css (#2f6f73)


def icon(size: int, *, maskable: bool) -> Image.Image:
    img = Image.new("RGB" if maskable else "RGBA", (size, size), ACCENT if maskable else (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    if not maskable:
        draw.rounded_rectangle((0, 0, size - 1, size - 1), radius=size // 5, fill=ACCENT)
    # a maskable icon keeps its mark inside the central 80 % "safe zone"
    font = ImageFont.truetype(str(cjk_font_path()), int(size * (0.5 if maskable else 0.62)))
    draw.text((size / 2, size / 2), "协", font=font, fill=(255, 255, 255), anchor="mm")
    return img


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        icon(size, maskable=False).save(OUT / f"icon-{size}.png", optimize=True)
    icon(512, maskable=True).save(OUT / "icon-maskable-512.png", optimize=True)
    icon(180, maskable=True).save(OUT / "apple-touch-icon.png", optimize=True)


if __name__ == "__main__":
    main()
