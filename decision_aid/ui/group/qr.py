"""The join address as a QR code (segno), as a pixmap for the facilitator's window."""

from __future__ import annotations

import io

import segno
from PySide6.QtGui import QPixmap


def qr_pixmap(url: str, scale: int = 8) -> QPixmap:
    """A QR code of ``url``, ``scale`` pixels per module, with the standard quiet zone."""
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buffer, kind="png", scale=scale, border=4)
    pixmap = QPixmap()
    pixmap.loadFromData(buffer.getvalue(), "PNG")
    return pixmap
