"""Renders the application icon's PNG sizes, the Windows .ico and the macOS .icns from the SVG drawings.

    python packaging/make_icons.py

Run it after changing resources/smplanner.svg or resources/icons/smplanner-16.svg (tests/test_packaging.py checks
that the PNGs still match the drawings). Sizes from 24 px up come from the full drawing; 16 px has its own, drawn on
the pixel grid, because the full drawing's grid of days and globe lines blur into a smudge there.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
DRAWING = REPOSITORY / "resources" / "smplanner.svg"
SMALL_DRAWING = REPOSITORY / "resources" / "icons" / "smplanner-16.svg"
PNG_FOLDER = REPOSITORY / "resources" / "icons"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO = REPOSITORY / "packaging" / "icons" / "smplanner.ico"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS = REPOSITORY / "packaging" / "icons" / "smplanner.icns"
# The icns element types holding PNG data, by pixel size (Apple's icns format).
ICNS_TYPES = ((b"icp4", 16), (b"icp5", 32), (b"icp6", 64), (b"ic07", 128), (b"ic08", 256), (b"ic09", 512),
              (b"ic10", 1024))


def drawing_for(size: int) -> Path:
    return SMALL_DRAWING if size <= 16 else DRAWING


def png_path(size: int) -> Path:
    return PNG_FOLDER / "smplanner-{size}.png".format(size=size)


def render(size: int):  # -> QImage
    """The icon at size x size pixels, from the drawing made for that size (a QGuiApplication must exist)."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(drawing_for(size)))
    if not renderer.isValid():
        raise ValueError("cannot read {path}".format(path=drawing_for(size)))
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def png_bytes(image) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG", 0)  # quality 0: the strongest PNG compression
    buffer.close()
    return bytes(data.data())


def ico_bytes(images: dict[int, bytes]) -> bytes:
    """A Windows icon file whose entries are PNG images (read by Windows Vista and later)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = [], []
    for size, data in sorted(images.items()):
        side = 0 if size >= 256 else size  # 0 means 256 in an icon directory entry
        entries.append(struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset))
        blobs.append(data)
        offset += len(data)
    return header + b"".join(entries) + b"".join(blobs)


def icns_bytes(images: dict[bytes, bytes]) -> bytes:
    body = b"".join(kind + struct.pack(">I", 8 + len(data)) + data for kind, data in images.items())
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    rendered = {size: png_bytes(render(size)) for size in sorted(set(PNG_SIZES + ICO_SIZES) | {1024})}
    PNG_FOLDER.mkdir(exist_ok=True)
    for size in PNG_SIZES:
        png_path(size).write_bytes(rendered[size])
    ICO.parent.mkdir(exist_ok=True)
    ICO.write_bytes(ico_bytes({size: rendered[size] for size in ICO_SIZES}))
    ICNS.write_bytes(icns_bytes({kind: rendered[size] for kind, size in ICNS_TYPES}))
    print("wrote {count} PNGs into {folder}, {ico} and {icns}".format(
        count=len(PNG_SIZES), folder=PNG_FOLDER.relative_to(REPOSITORY), ico=ICO.relative_to(REPOSITORY),
        icns=ICNS.relative_to(REPOSITORY)))
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
