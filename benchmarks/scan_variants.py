"""Scans of a corpus digital PDF degraded in ways the corpus's four scan folders are not, for the accuracy
matrix (`benchmarks/accuracy.py --formats pdf --extra scan_fax150 …`, see provenance_eval.VARIANTS).

    python benchmarks/scan_variants.py KIND SRC.pdf OUT.pdf [--seed N]

The corpus scans (`../shared/corpus/tools/degrade_scans.py`) are 200 dpi noisy JPEG, 200 dpi fax at
threshold 160, 300 dpi on a 96 dpi page and 300 dpi with pages 2 and 4 turned. Judges read other scans, so
each kind here changes what those hold fixed: resolution, skew, dirt, contrast, colour, page size, which
pages are turned and how. Pages are rendered with pdftoppm, degraded with PIL/numpy and written with
img2pdf, as the corpus's were; the randomness is numpy's default_rng(seed), so a rerun gives the same pixels.

  scan_fax150         150 dpi bitonal fax: turned -1°, noise σ8, threshold 150, single-pixel specks at
                      6·10⁻⁵ and a few 2×2 dots, CCITT G4, img2pdf at 150 dpi
  scan_skew2          200 dpi gray turned 2° (a sheet fed well askew), noise σ10, JPEG q65
  scan_skew4          200 dpi gray turned 4.5° (pages 1, 3, …) and -4° (pages 2, 4, …), noise σ8, JPEG q65
  scan_dust300        300 dpi gray JPEG q70 of a dirty scanner glass: clusters of dark specks, a few short
                      curved hair lines, and a dark band along one long edge (the lid's shadow)
  scan_lowcontrast    200 dpi gray, grey paper (~200) and faded ink (black prints ~110), noise σ6, JPEG q40
  scan_colour         200 dpi RGB colour scan: yellowish paper, blue ink, noise σ6, JPEG q60
  scan_page72         200 dpi gray JPEG q70 written on 72 dpi pages (2.8× too large, the other common
                      wrong size beside the corpus's 96 dpi)
  scan_turned         200 dpi gray JPEG q70, page 1 (and 5) turned 270° clockwise, page 3 turned 180°
                      (the corpus turns pages 2 and 4, 180° and 90°)
  scan_gray400        400 dpi gray, noise σ6, JPEG q75 (a fine scan: every pixel threshold is 2× the 200 dpi one)
  scan_gray150        150 dpi gray, noise σ6, JPEG q50 (an archive scanned small to save space)
  scan_blur           200 dpi gray out of focus: Gaussian blur σ1.3 px, noise σ6, JPEG q70
  scan_border         200 dpi gray JPEG q70 with the scanner's dark surround: the sheet 0.7° askew on a
                      black bed showing along its top and left edges
  scan_saltpepper     300 dpi bitonal (CCITT G4) with salt-and-pepper noise: 0.2 % of pixels flipped
  scan_bleed          200 dpi gray JPEG q70 on thin paper: the back page's print shows through, mirrored,
                      at a fifth of its darkness
  scan_light          200 dpi gray JPEG q70 lit unevenly: paper and print darkened by up to 40 % towards
                      the lower right corner
  scan_photocopy      200 dpi gray JPEG q60 of a copy of a copy: strokes spread a pixel each way, softened
  scan_dither         300 dpi bitonal (CCITT G4) in a scanner's halftone mode: greys dithered to dots
  scan_g4_600         600 dpi bitonal (CCITT G4) at threshold 140, as archives store masters: 4× the pixels
                      of a 300 dpi page, the size every memory bound must hold at
  scan_q25_150        150 dpi gray JPEG q25: an archive squeezed hard, 8×8 blocks and ringing round every
                      letter, at the smallest size anyone scans text
  scan_stamped        200 dpi gray JPEG q70 of a filed copy: a grey "received" stamp turned 8° and a pen's
                      initials and ticks in the margins, ink that is no print
"""

from __future__ import annotations

import argparse
import glob
import os
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont


@dataclass(frozen=True)
class Kind:
    """How one kind is scanned: resolution, the page size img2pdf is told, and the degradation of page k."""

    dpi: int
    page_dpi: int
    degrade: Callable[[Image.Image, int, np.random.Generator, int], Image.Image]
    suffix: str  # the page file's suffix, which picks the encoding
    save: dict[str, object]


def noisy(img: Image.Image, sigma: float, rng: np.random.Generator) -> Image.Image:
    """Gaussian sensor noise on every channel."""
    a = np.asarray(img, dtype=np.float32)
    a = a + rng.normal(0.0, sigma, a.shape)
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), img.mode)


def skew(img: Image.Image, degrees: float) -> Image.Image:
    """Turn the page a little (positive = counter-clockwise), keeping its size, paper-white corners."""
    fill = 255 if img.mode == "L" else (255,) * len(img.mode)
    return img.rotate(degrees, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=fill)


def fax150(img: Image.Image, k: int, rng: np.random.Generator, dpi: int) -> Image.Image:
    img = noisy(skew(img, -1.0), 8.0, rng)
    ink = np.asarray(img) < 150
    ink |= rng.random(ink.shape) < 6e-5
    h, w = ink.shape
    for _ in range(int(h * w * 2e-6)):
        y, x = int(rng.integers(0, h - 2)), int(rng.integers(0, w - 2))
        ink[y : y + 2, x : x + 2] = True
    return Image.fromarray(np.where(ink, 0, 255).astype(np.uint8), "L").convert("1")


def skew2(img: Image.Image, k: int, rng: np.random.Generator, dpi: int) -> Image.Image:
    return noisy(skew(img, 2.0), 10.0, rng)


def skew4(img: Image.Image, k: int, rng: np.random.Generator, dpi: int) -> Image.Image:
    return noisy(skew(img, -4.0 if k % 2 else 4.5), 8.0, rng)


def dust(img: Image.Image, k: int, rng: np.random.Generator, dpi: int) -> Image.Image:
    """Dirt on the glass: speck clusters, hairs and the lid's shadow along one edge, then light noise."""
    w, h = img.size
    draw = ImageDraw.Draw(img)
    for _ in range(int(rng.integers(15, 30))):  # clusters of specks, each within ~0.3 inch
        cx, cy = rng.uniform(0, w), rng.uniform(0, h)
        for _ in range(int(rng.integers(5, 40))):
            x, y = cx + rng.normal(0, 0.1 * dpi), cy + rng.normal(0, 0.1 * dpi)
            r = rng.uniform(0.5, 0.008 * dpi)
            draw.ellipse((x - r, y - r, x + r, y + r), fill=int(rng.integers(10, 90)))
    for _ in range(int(rng.integers(2, 5))):  # hairs: short curved dark strokes
        x, y = rng.uniform(0, w), rng.uniform(0, h)
        angle, points = rng.uniform(0, 2 * np.pi), []
        for _ in range(int(rng.uniform(0.3, 1.0) * dpi / 4)):
            points.append((x, y))
            angle += rng.normal(0, 0.15)
            x, y = x + 4 * np.cos(angle), y + 4 * np.sin(angle)
        draw.line(points, fill=int(rng.integers(20, 70)), width=max(1, round(0.004 * dpi)))
    band = round(rng.uniform(0.15, 0.35) * dpi)  # the shadow: darkest at the edge, fading inwards
    a = np.asarray(img, dtype=np.float32).copy()
    shade = 40 + 160 * np.linspace(0, 1, band) ** 2
    side = slice(0, band) if k % 2 == 0 else slice(w - band, w)
    a[:, side] = np.minimum(a[:, side], (shade if k % 2 == 0 else shade[::-1])[None, :])
    return noisy(Image.fromarray(a.astype(np.uint8), "L"), 6.0, rng)


def low_contrast(img: Image.Image, k: int, rng: np.random.Generator, dpi: int) -> Image.Image:
    """Grey paper at 200 and faded ink at 110: the page's whole range squeezed into 110–200."""
    a = np.asarray(img, dtype=np.float32)
    return noisy(Image.fromarray((110 + a * (90 / 255)).astype(np.uint8), "L"), 6.0, rng)


PAPER_RGB = np.array([246, 236, 196], np.float32)  # yellowish paper
INK_RGB = np.array([30, 45, 140], np.float32)  # blue ballpoint-like print


def colour(img: Image.Image, k: int, rng: np.random.Generator, dpi: int) -> Image.Image:
    ink = 1 - np.asarray(img, dtype=np.float32)[..., None] / 255
    rgb = PAPER_RGB * (1 - ink) + INK_RGB * ink
    return noisy(Image.fromarray(rgb.astype(np.uint8), "RGB"), 6.0, rng)


def plain(sigma: float) -> Callable[[Image.Image, int, np.random.Generator, int], Image.Image]:
    def degrade(img: Image.Image, k: int, rng: np.random.Generator, dpi: int) -> Image.Image:
        return noisy(img, sigma, rng)

    return degrade


def turned(img: Image.Image, k: int, rng: np.random.Generator, dpi: int) -> Image.Image:
    """Page 1 and 5 turned 270° clockwise (a quarter counter-clockwise), page 3 upside down."""
    if k in (0, 4):
        img = img.rotate(90, expand=True)  # PIL turns counter-clockwise
    elif k == 2:
        img = img.rotate(180)
    return noisy(img, 6.0, rng)


def blur(img: Image.Image, k: int, rng: np.random.Generator, dpi: int) -> Image.Image:
    return noisy(img.filter(ImageFilter.GaussianBlur(1.3)), 6.0, rng)


def border(img: Image.Image, k: int, rng: np.random.Generator, dpi: int) -> Image.Image:
    """The sheet on a black scanner bed: turned 0.7°, shifted down and right so the bed shows top and left."""
    w, h = img.size
    bed = Image.new("L", (w, h), 25)
    sheet = img.rotate(0.7, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=25)
    dx, dy = round(0.25 * dpi), round(0.18 * dpi)
    bed.paste(sheet.crop((0, 0, w - dx, h - dy)), (dx, dy))
    return noisy(bed, 6.0, rng)


def salt_pepper(img: Image.Image, k: int, rng: np.random.Generator, dpi: int) -> Image.Image:
    ink = np.asarray(noisy(img, 6.0, rng)) < 140
    ink ^= rng.random(ink.shape) < 0.002
    return Image.fromarray(np.where(ink, 0, 255).astype(np.uint8), "L").convert("1")


def bleed(img: Image.Image, k: int, rng: np.random.Generator, dpi: int) -> Image.Image:
    """The page's own print mirrored as the back page's (a stand-in with the same type and layout)."""
    front = np.asarray(img, dtype=np.float32)
    back = 255 - np.asarray(img.transpose(Image.Transpose.FLIP_LEFT_RIGHT), dtype=np.float32)
    shown = np.minimum(front, 255 - 0.2 * back)
    return noisy(Image.fromarray(shown.astype(np.uint8), "L"), 6.0, rng)


def uneven_light(img: Image.Image, k: int, rng: np.random.Generator, dpi: int) -> Image.Image:
    """Light falling off towards the lower right (a lid left open, a page photographed): paper and print
    darkened by up to 40 % there, so no single level parts paper from print across the sheet."""
    a = np.asarray(img, dtype=np.float32)
    h, w = a.shape
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    light = 1.0 - 0.4 * (0.6 * x / w + 0.4 * y / h) ** 1.5
    return noisy(Image.fromarray((a * light).astype(np.uint8), "L"), 6.0, rng)


def photocopy(img: Image.Image, k: int, rng: np.random.Generator, dpi: int) -> Image.Image:
    """A copy of a copy: every stroke spread by a pixel each way and softened, counters and gaps closing."""
    spread = img.filter(ImageFilter.MinFilter(3)).filter(ImageFilter.GaussianBlur(0.6))
    return noisy(spread, 7.0, rng)


def dither(img: Image.Image, k: int, rng: np.random.Generator, dpi: int) -> Image.Image:
    """Halftone mode: every grey (shading, grey headings, anti-aliased rims) becomes a pattern of dots."""
    return noisy(img, 6.0, rng).convert("1", dither=Image.Dither.FLOYDSTEINBERG)


def g4_600(img: Image.Image, k: int, rng: np.random.Generator, dpi: int) -> Image.Image:
    ink = np.asarray(noisy(skew(img, 0.4), 6.0, rng)) < 140
    return Image.fromarray(np.where(ink, 0, 255).astype(np.uint8), "L").convert("1")


def stamped(img: Image.Image, k: int, rng: np.random.Generator, dpi: int) -> Image.Image:
    """A grey stamp (frame and two lines of capitals) turned 8° somewhere on the page, and pen strokes
    (initials, ticks) in the left and right margins: marks a reader ignores and OCR must too."""
    w, h = img.size
    stamp = Image.new("L", (round(2.2 * dpi), round(0.9 * dpi)), 255)
    draw = ImageDraw.Draw(stamp)
    draw.rectangle((2, 2, stamp.width - 3, stamp.height - 3), outline=90, width=max(2, dpi // 60))
    font = _font(round(0.22 * dpi))
    draw.text((0.15 * dpi, 0.1 * dpi), "MODTAGET", fill=90, font=font)
    draw.text((0.15 * dpi, 0.45 * dpi), f"{int(rng.integers(1, 28))} MAR 2026", fill=90, font=font)
    stamp = stamp.rotate(8, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    x, y = int(rng.uniform(0.4, 0.6) * w), int(rng.uniform(0.05, 0.85) * h)
    a = np.asarray(img).copy()
    region = a[y : y + stamp.height, x : x + stamp.width]
    np.minimum(region, np.asarray(stamp)[: region.shape[0], : region.shape[1]], out=region)
    img = Image.fromarray(a, "L")
    draw = ImageDraw.Draw(img)
    for _ in range(int(rng.integers(3, 7))):  # pen marks in the margins: ticks and scrawled initials
        x = rng.uniform(0.02, 0.07) * w if rng.random() < 0.5 else rng.uniform(0.93, 0.98) * w
        y = rng.uniform(0.05, 0.95) * h
        points = [(x, y)]
        for _ in range(int(rng.integers(3, 9))):
            x, y = x + rng.normal(0, 0.06 * dpi), y + rng.normal(0, 0.06 * dpi)
            points.append((x, y))
        draw.line(points, fill=int(rng.integers(30, 80)), width=max(2, dpi // 80))
    return noisy(img, 6.0, rng)


def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    for path in ("/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
                 "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"):
        if os.path.exists(path):
            return ImageFont.truetype(path, size)
    return ImageFont.load_default()


JPEG70 = {"quality": 70}
KINDS: dict[str, Kind] = {
    "scan_fax150": Kind(150, 150, fax150, ".tif", {"compression": "group4"}),
    "scan_skew2": Kind(200, 200, skew2, ".jpg", {"quality": 65}),
    "scan_skew4": Kind(200, 200, skew4, ".jpg", {"quality": 65}),
    "scan_dust300": Kind(300, 300, dust, ".jpg", JPEG70),
    "scan_lowcontrast": Kind(200, 200, low_contrast, ".jpg", {"quality": 40}),
    "scan_colour": Kind(200, 200, colour, ".jpg", {"quality": 60}),
    "scan_page72": Kind(200, 72, plain(6.0), ".jpg", JPEG70),
    "scan_turned": Kind(200, 200, turned, ".jpg", JPEG70),
    "scan_gray400": Kind(400, 400, plain(6.0), ".jpg", {"quality": 75}),
    "scan_gray150": Kind(150, 150, plain(6.0), ".jpg", {"quality": 50}),
    "scan_blur": Kind(200, 200, blur, ".jpg", JPEG70),
    "scan_border": Kind(200, 200, border, ".jpg", JPEG70),
    "scan_saltpepper": Kind(300, 300, salt_pepper, ".tif", {"compression": "group4"}),
    "scan_bleed": Kind(200, 200, bleed, ".jpg", JPEG70),
    "scan_light": Kind(200, 200, uneven_light, ".jpg", JPEG70),
    "scan_photocopy": Kind(200, 200, photocopy, ".jpg", {"quality": 60}),
    "scan_dither": Kind(300, 300, dither, ".tif", {"compression": "group4"}),
    "scan_g4_600": Kind(600, 600, g4_600, ".tif", {"compression": "group4"}),
    "scan_q25_150": Kind(150, 150, plain(6.0), ".jpg", {"quality": 25}),
    "scan_stamped": Kind(200, 200, stamped, ".jpg", JPEG70),
}


def degrade(kind: str, src: str, out: str, seed: int = 11) -> None:
    """Write `src` (a digital PDF) as a scan of `kind` to `out`."""
    spec = KINDS[kind]
    rng = np.random.default_rng(seed)
    with tempfile.TemporaryDirectory(prefix="scan-variant-") as tmp:
        subprocess.run(["pdftoppm", "-r", str(spec.dpi), "-gray", src, os.path.join(tmp, "p")], check=True)
        pages = []
        for k, pgm in enumerate(sorted(glob.glob(os.path.join(tmp, "p*.pgm")))):
            img = spec.degrade(Image.open(pgm).convert("L"), k, rng, spec.dpi)
            page = os.path.join(tmp, f"s{k:03d}{spec.suffix}")
            img.save(page, dpi=(spec.page_dpi, spec.page_dpi), **spec.save)
            pages.append(page)
        subprocess.run(["img2pdf", "--imgsize", f"{spec.page_dpi}dpi", *pages, "-o", out], check=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("kind", choices=sorted(KINDS))
    ap.add_argument("src")
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args(argv)
    degrade(args.kind, args.src, args.out, args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
