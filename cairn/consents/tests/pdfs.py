"""Reading the PDFs Cairn produces (pypdf), whitespace normalized for assertions."""

import io

from pypdf import PdfReader


def page_texts(data: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


def text(data: bytes) -> str:
    return " ".join(page_texts(data))
