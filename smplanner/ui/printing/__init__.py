"""Printing: the one-page strategy summary on a printer, in a print preview and as a PDF."""

from smplanner.ui.printing.summary_document import (
    build_summary_document,
    default_paper,
    print_preview,
    render_summary,
    summary_preview_dialog,
    write_summary_pdf,
)

__all__ = [
    "build_summary_document",
    "default_paper",
    "print_preview",
    "render_summary",
    "summary_preview_dialog",
    "write_summary_pdf",
]
