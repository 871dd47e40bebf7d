"""Hostile and broken inputs for batch tests, generated into a folder in a few seconds.

Archives hold what people uploaded: cut-off downloads, encrypted files, files with the wrong name, and now and
then something built to hurt a parser. Each entry pairs a file with what the batch must say about it: a
pattern its one-line error must match, or None when a correct record is as good an answer as a clear error.
PDFs are written by hand (a few objects and an xref table), so no PDF writer is needed and each case is exact.
"""

from __future__ import annotations

import io
import os
import random
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
DOCX_SAMPLE = SAMPLES / "aftale-delaftale.docx"
PDF_SAMPLE = SAMPLES / "aftale-delaftale.pdf"
OLE_HEADER = bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504)
MANY_PAGES = 3000
HUGE_IMAGE_SIDE = 14_000  # 196 M grey pixels: nearly 200 MB once decoded, 0.5 MB on disk
BOMB_BYTES = 20 * 1024 * 1024  # compresses a thousandfold, over the DOCX extractor's ratio limit
LAUNCH_MARKER = "launched.txt"  # a PDF action would create this file if anything ran it
# A stem of 237 bytes was the first too long for the record's temporary name; 250 leaves no room for ".json".
LONG_NAME = "ø" * 119 + "-.docx"  # a 239-byte stem
LONGER_NAME = "å" * 125 + "x.pdf"  # a 251-byte stem in the longest name allowed: `<stem>.json` would be 256
NON_UTF8_NAME = os.fsdecode(b"aftale-\xf8ster-\xe5\xe6.docx")  # Latin-1 bytes, as old archives name files


UNSUPPORTED = "unsupported file type"  # what a skipped file's reason says


@dataclass(frozen=True)
class Case:
    name: str
    expect: str | None  # regex the error must match; None: a record or any clear error


def build(folder: Path, server_url: str) -> list[Case]:
    """Write every hostile file into `folder`; `server_url` is a local HTTP server that must see no request."""
    folder.mkdir(parents=True, exist_ok=True)
    cases: list[Case] = []
    for name, expect, make in _makers(folder, server_url):
        data = make()
        if data is not None:
            (folder / name).write_bytes(data)
        cases.append(Case(name, expect))
    _links(folder)
    cases += [
        Case("loop.pdf", "symbolic links"),
        Case("loop-a.txt", "symbolic links"),
        Case("loop-b.txt", "symbolic links"),
        Case("dangling.docx", "No such file"),
        Case("fifo-link.txt", "not a regular file"),
        Case("pipe", UNSUPPORTED),
    ]
    return cases


def _makers(folder: Path, url: str) -> list[tuple[str, str | None, Callable[[], bytes | None]]]:
    noise = random.Random(8).randbytes(64 * 1024)
    return [
        ("empty.txt", "empty", lambda: b""),
        ("empty.docx", "not a DOCX", lambda: b""),
        ("zero-bytes.pdf", "empty", lambda: b""),
        ("truncated.pdf", None, lambda: _half(PDF_SAMPLE)),
        ("truncated.docx", "corrupt or truncated", lambda: _half(DOCX_SAMPLE)),
        ("encrypted.pdf", "encrypted|password", encrypted_pdf),
        ("password.docx", "password-protected|encrypted", lambda: OLE_HEADER),
        ("zip-bomb.docx", "zip bomb|limit", zip_bomb_docx),
        ("zip-lying-sizes.docx", None, lying_zip_docx),
        ("xxe.docx", "DTD|entities", lambda: _docx_with_document(_xxe_xml(url))),
        ("billion-laughs.docx", "DTD|entities", lambda: _docx_with_document(BILLION_LAUGHS)),
        ("external-links.docx", None, lambda: external_links_docx(url)),
        ("many-pages.pdf", "pages", lambda: blank_pages_pdf(MANY_PAGES)),
        ("huge-image.pdf", None, huge_image_pdf),
        ("actions.pdf", None, lambda: actions_pdf(url, folder / LAUNCH_MARKER)),
        ("noise.pdf", "not a PDF", lambda: noise),
        ("noise-with-header.pdf", "corrupt|truncated|no pages", lambda: b"%PDF-1.7\n" + noise),
        ("noise.docx", "not a DOCX", lambda: noise),
        ("empty.png", "empty", lambda: b""),
        ("noise.tif", "not a readable image", lambda: noise),
        ("huge-dimensions.png", "too large", lambda: huge_png(100_000)),
        ("poster.png", "more than a page may have", lambda: huge_png(8_000)),
        ("windows-1252.txt", None, lambda: "Boligsocial helhedsplan for Østerby\nFormål: tryghed".encode("cp1252")),
        ("utf-16.txt", "no LBF agreement headings", lambda: "Boligsocial helhedsplan".encode("utf-16")),
        ("undecodable.txt", "neither UTF-8 nor Windows-1252", lambda: b"Helhedsplan \x81\x8d\x8f\x90\x9d"),
        ("encrypted-flag.docx", "encrypted DOCX", lambda: _patched_zip_headers(local=(6, 1), central=(8, 1))),
        ("zip-version.docx", "unsupported DOCX", lambda: _patched_zip_headers(local=(4, 99), central=(6, 99))),
        ("utf-16-parts.docx", None, utf16_docx),
        ("utf-16-dtd.docx", "DTD|entities", lambda: _docx_with_document(_in_utf16(_xxe_xml(url)))),
        ("xxe-rels.docx", "DTD|entities", lambda: xxe_rels_docx(url)),
        (LONG_NAME, None, DOCX_SAMPLE.read_bytes),
        (LONGER_NAME, None, PDF_SAMPLE.read_bytes),
        (NON_UTF8_NAME, None, DOCX_SAMPLE.read_bytes),
    ]


def _links(folder: Path) -> None:
    """Symlink loops, a dangling link, and a link to a named pipe (reading one would block for ever)."""
    (folder / "loop.pdf").symlink_to("loop.pdf")
    (folder / "loop-a.txt").symlink_to("loop-b.txt")
    (folder / "loop-b.txt").symlink_to("loop-a.txt")
    (folder / "dangling.docx").symlink_to("no-such-target.docx")
    os.mkfifo(folder / "pipe")
    (folder / "fifo-link.txt").symlink_to("pipe")


def tiny_files(folder: Path, count: int) -> None:
    """`count` empty text files: the per-file overhead of a batch, with nothing to extract."""
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        (folder / f"tiny-{number:05d}.txt").touch()


def _half(path: Path) -> bytes:
    data = path.read_bytes()
    return data[: len(data) // 2]


# --- PDF ------------------------------------------------------------------------------------------------


def pdf_file(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF from numbered object bodies (object 1 is the catalog), with a correct xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref))
    return out.getvalue()


def _stream(data: bytes, entries: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n%s\nendstream" % (len(data), entries, data)


def _text_page_objects(text: bytes, extra_page_entries: bytes = b"") -> list[bytes]:
    """Catalog, page tree, one A4 page showing `text` in Helvetica, its content and font (objects 1-5)."""
    content = b"BT /F1 12 Tf 72 770 Td (%s) Tj ET" % text
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> %s >>" % extra_page_entries,
        _stream(content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]


def blank_pages_pdf(count: int) -> bytes:
    kids = b" ".join(b"%d 0 R" % (number + 3) for number in range(count))
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"
    return pdf_file(
        [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count)]
        + [page] * count
    )


def encrypted_pdf() -> bytes:
    """Standard security handler with a user password: no reader gets in with the empty password."""
    objects = _text_page_objects(b"Hemmelig helhedsplan")
    objects.append(b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -44 >>" % (b"ab" * 32, b"cd" * 32))
    trailer = b"/Encrypt %d 0 R /ID [<%s> <%s>]" % (len(objects), b"01" * 16, b"01" * 16)
    return pdf_file(objects, trailer)


def huge_image_pdf() -> bytes:
    """One page painted with a huge grey image: small on disk, about 200 MB once decoded."""
    side = HUGE_IMAGE_SIDE
    compressor = zlib.compressobj(1)
    row_block = bytes(side * 100)
    image = b"".join(compressor.compress(row_block) for _ in range(side // 100)) + compressor.flush()
    entries = b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray" % (side, side)
    return pdf_file(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
            b" /Resources << /XObject << /Im0 5 0 R >> >> >>",
            _stream(b"q 595 0 0 842 0 0 cm /Im0 Do Q"),
            _stream(image, entries + b" /BitsPerComponent 8 /Filter /FlateDecode"),
        ]
    )


def huge_png(side: int) -> bytes:
    """A PNG whose header says `side` × `side` gray pixels, with hardly any data: a decompression bomb."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(side + 1))) + chunk(b"IEND", b"")


def actions_pdf(url: str, marker: Path) -> bytes:
    """JavaScript on open, a Launch action and a link: a reader that runs or follows any of them fails."""
    link = b"/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 595 842] /A << /S /URI /URI (%s/link) >> >>]" % (
        url.encode()
    )
    objects = _text_page_objects(b"Boligsocial helhedsplan", link)
    objects[0] = (
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 6 0 R"
        b" /AA << /WC << /S /Launch /F (/usr/bin/touch) /Unix << /F (/usr/bin/touch) /P (%s) >> >> >> >>"
        % str(marker).encode()
    )
    objects.append(b"<< /S /JavaScript /JS (app.launchURL\\('%s/js', true\\);) >>" % url.encode())
    return pdf_file(objects)


# --- DOCX -----------------------------------------------------------------------------------------------

BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(b'<!ENTITY lol%d "%s">' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10) for n in range(1, 10))
    + b']>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
)


def _xxe_xml(url: str) -> bytes:
    return (
        b'<?xml version="1.0"?>\n<!DOCTYPE w:document [<!ENTITY local SYSTEM "file:///etc/passwd">'
        b'<!ENTITY remote SYSTEM "%s/xxe">]>\n'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&local;&remote;</w:t></w:r></w:p></w:body></w:document>" % url.encode()
    )


def _patched_zip_headers(local: tuple[int, int], central: tuple[int, int]) -> bytes:
    """The sample DOCX with one byte set in every local and central header: (offset, value). The encryption
    flag is bit 0 of the flags (local offset 6, central 8); the version needed is at local 4, central 6."""
    data = bytearray(DOCX_SAMPLE.read_bytes())
    for signature, (offset, value) in ((b"PK\x03\x04", local), (b"PK\x01\x02", central)):
        start = data.find(signature)
        while start >= 0:
            data[start + offset] |= value
            start = data.find(signature, start + 4)
    return bytes(data)


def _in_utf16(xml: bytes) -> bytes:
    """A part re-encoded as UTF-16 with its BOM, as Word may write it: no byte search sees its markup."""
    text = xml.decode("utf-8")
    if not text.startswith("<?xml"):
        text = '<?xml version="1.0"?>' + text
    return text.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>', 1).encode("utf-16")


def utf16_docx() -> bytes:
    """The sample with its main part and styles in UTF-16: a valid DOCX that must read like the original."""
    with zipfile.ZipFile(DOCX_SAMPLE) as source:
        parts = {name: source.read(name) for name in ("word/document.xml", "word/styles.xml")}
    return _rewrite_docx({name: _in_utf16(data.replace(b' encoding="UTF-8"', b"")) for name, data in parts.items()})


def xxe_rels_docx(url: str) -> bytes:
    """The package relationships (`_rels/.rels`) with an external entity: rels are parsed as untrusted too."""
    with zipfile.ZipFile(DOCX_SAMPLE) as source:
        rels = source.read("_rels/.rels")
    doctype = b'<!DOCTYPE Relationships [<!ENTITY remote SYSTEM "%s/rels">]>' % url.encode()
    head, _, rest = rels.partition(b"?>")
    return _rewrite_docx({"_rels/.rels": head + b"?>" + doctype + rest.replace(b'Id="', b'Id="&remote;', 1)})


def _docx_with_document(document_xml: bytes) -> bytes:
    """The sample DOCX with its main part replaced."""
    return _rewrite_docx({"word/document.xml": document_xml})


def _rewrite_docx(replacements: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(DOCX_SAMPLE) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, replacements.get(info.filename, source.read(info.filename)))
    return out.getvalue()


def external_links_docx(url: str) -> bytes:
    """A real agreement whose relationships point at a server: an attached template and a linked image."""
    with zipfile.ZipFile(DOCX_SAMPLE) as source:
        rels = source.read("word/_rels/document.xml.rels")
    extra = (
        b'<Relationship Id="rIdEvil1" TargetMode="External" Target="%s/template.dotm"'
        b' Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"/>'
        b'<Relationship Id="rIdEvil2" TargetMode="External" Target="%s/image.png"'
        b' Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"/>'
    ) % (url.encode(), url.encode())
    return _rewrite_docx(
        {"word/_rels/document.xml.rels": rels.replace(b"</Relationships>", extra + b"</Relationships>")}
    )


def zip_bomb_docx() -> bytes:
    """A DOCX whose main part is megabytes of one byte: an extreme compression ratio."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", bytes(BOMB_BYTES))
    return out.getvalue()


def lying_zip_docx() -> bytes:
    """A DOCX whose zip directory understates a member's size, to slip past checks on declared sizes."""
    data = bytearray(zip_bomb_docx())
    declared = (1000).to_bytes(4, "little")
    real = BOMB_BYTES.to_bytes(4, "little")
    # Uncompressed size sits in both the local header and the central directory entry.
    return bytes(data).replace(real, declared)


def slow_pdf(pages: int = 1500, lines: int = 60) -> bytes:
    """Many pages sharing one dense content stream: tiny on disk, minutes of text-layer parsing."""
    text = b"".join(
        b"BT /F1 9 Tf 40 %d Td (Boligsocial helhedsplan, aktivitet og indikator %d) Tj ET\n" % (800 - 12 * n, n)
        for n in range(lines)
    )
    kids = b" ".join(b"%d 0 R" % (number + 5) for number in range(pages))
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R"
        b" /Resources << /Font << /F1 4 0 R >> >> >>"
    )
    return pdf_file(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
            _stream(text),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
        + [page] * pages
    )
