"""Opening a Word package safely: refuse what is not a plain DOCX zip, parse only the parts needed, and
convert the other word-processor formats (.doc, .rtf, .odt) to DOCX with LibreOffice first.

Untrusted files are checked before any XML is parsed: an OLE container (encrypted DOCX or an old .doc under a
.docx name), a zip whose directory promises more than `MAX_UNCOMPRESSED_BYTES` or an extreme compression
ratio, and zip entries flagged encrypted or of a zip version zipfile lacks are refused with an
ExtractionError. Every part read (rels, main part, styles) goes through one hardened lxml parser, and one
that declares a DTD or entities is refused, in UTF-8 and UTF-16 alike.
"""

from __future__ import annotations

import logging
import posixpath
import shutil
import subprocess
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from lxml import etree

from extractors.docx_xml import NS
from models import ExtractionError

logger = logging.getLogger(__name__)

MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 500
RATIO_CHECK_MIN_BYTES = 1024 * 1024
SOFFICE_TIMEOUT_S = 120
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
ZIP_MAGIC = b"PK\x03\x04"
RTF_MAGIC = b"{\\rt"  # Word saves "Rich Text" under a .doc name too
# Formats LibreOffice turns into DOCX before reading; a .doc is converted only when it is not a DOCX zip.
CONVERTED_SUFFIXES = frozenset({".odt", ".rtf"})
MAIN_PART = "word/document.xml"  # where Word puts the main part when the package's _rels say nothing
OFFICE_DOCUMENT_REL = "/officeDocument"
STYLES_REL = "/styles"
RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
# python-docx's settings (blank text between elements dropped), hardened: no entities, DTD or network.
_PARSER = etree.XMLParser(
    remove_blank_text=True, resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False
)


def needs_conversion(path: Path, head: bytes) -> bool:
    """Whether LibreOffice must turn this file into a DOCX first: ODT and RTF always, a .doc when it is
    an old binary Word file or RTF (a DOCX saved under a .doc name is read directly)."""
    suffix = path.suffix.lower()
    return suffix in CONVERTED_SUFFIXES or (suffix == ".doc" and head.startswith((OLE_MAGIC, RTF_MAGIC)))


@contextmanager
def converted_to_docx(path: Path) -> Iterator[Path]:
    """A temporary DOCX that LibreOffice made of `path`, removed with its folder on leaving the block."""
    kind = path.suffix.lower().lstrip(".") or "word"
    soffice = shutil.which("soffice")
    if soffice is None:
        raise ExtractionError(path, f".{kind} file, and LibreOffice (soffice) is missing to convert it")
    logger.info("converting %s to DOCX with LibreOffice", path)
    with tempfile.TemporaryDirectory(prefix="helhedsplan-doc-") as tmp:
        # A private profile keeps parallel conversions from fighting over one LibreOffice user directory.
        profile = Path(tmp, "profile").as_uri()
        source = Path(tmp, f"source{path.suffix.lower()}")  # an odd name (quotes, newlines) cannot reach soffice
        try:
            shutil.copyfile(path, source)
        except OSError as exc:
            raise ExtractionError(path, f"cannot read file: {exc.strerror or exc}") from exc
        command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "docx"]
        try:
            subprocess.run([*command, "--outdir", tmp, str(source)], capture_output=True, timeout=SOFFICE_TIMEOUT_S)
        except subprocess.TimeoutExpired as exc:
            reason = f"LibreOffice did not convert the .{kind} within {SOFFICE_TIMEOUT_S} s"
            raise ExtractionError(path, reason) from exc
        converted = Path(tmp, "source.docx")
        if not converted.is_file():
            raise ExtractionError(path, f"LibreOffice could not convert the .{kind} (corrupt or encrypted?)")
        yield converted


def read_head(path: Path) -> bytes:
    """The file's first bytes, enough to tell a zip from an OLE container or an RTF file."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(OLE_MAGIC))
    except OSError as exc:
        raise ExtractionError(path, f"cannot read file: {exc.strerror or exc}") from exc


def read_package(path: Path, head: bytes) -> tuple[etree._Element, etree._Element | None]:
    """The body and the styles of a DOCX, after refusing files that are not a plain, reasonably sized
    DOCX zip. Only these two parts and the rels that lead to them are parsed, each by `parse_part`."""
    if head.startswith(OLE_MAGIC):
        raise ExtractionError(path, "password-protected or encrypted Word file (OLE container, not a zip)")
    if not zipfile.is_zipfile(path):
        # A zip's directory sits at its end, so a cut-off DOCX still starts like one.
        truncated = head.startswith(ZIP_MAGIC)
        reason = "corrupt or truncated DOCX zip" if truncated else "not a DOCX file: not a zip"
        raise ExtractionError(path, reason)
    try:
        with zipfile.ZipFile(path) as archive:
            check_sizes(path, archive.infolist())
            names = set(archive.namelist())
            main = related_part(path, archive, names, "", OFFICE_DOCUMENT_REL) or MAIN_PART
            if main not in names:
                raise ExtractionError(path, f"not a Word document: {main} is missing")
            styles = related_part(path, archive, names, main, STYLES_REL)
            document = parse_part(path, main, read_member(path, archive, main))
            style_sheet = parse_part(path, styles, read_member(path, archive, styles)) if styles else None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise ExtractionError(path, f"corrupt or truncated DOCX zip: {exc}") from exc
    except NotImplementedError as exc:  # the zip directory asks for a zip version zipfile lacks
        raise ExtractionError(path, f"unsupported DOCX: {exc}") from exc
    body = document.find("w:body", NS)
    if body is None:
        raise ExtractionError(path, f"cannot open as a Word document: {main} has no body")
    return body, style_sheet


def read_member(path: Path, archive: zipfile.ZipFile, name: str) -> bytes:
    """One zip member's bytes. zipfile says "password required" for an entry flagged encrypted and
    NotImplementedError for a zip version or compression method it lacks; Word writes neither."""
    try:
        return archive.read(name)
    except RuntimeError as exc:  # zipfile's only RuntimeError on read is the encryption flag
        raise ExtractionError(path, f"encrypted DOCX: zip entry {name} is password-protected") from exc
    except NotImplementedError as exc:
        raise ExtractionError(path, f"unsupported DOCX: zip entry {name}: {exc}") from exc


def related_part(path: Path, archive: zipfile.ZipFile, names: set[str], source: str, relationship: str) -> str | None:
    """The part that `source` ("" for the package) points to with a relationship of this type, as Word
    finds it: through the _rels file, so a main part called document2.xml is read too."""
    folder, _, file = source.rpartition("/")
    rels = posixpath.join(folder, "_rels", f"{file}.rels")
    if rels not in names:
        return None
    root = parse_part(path, rels, read_member(path, archive, rels))
    for rel in root.iterchildren(RELATIONSHIP):
        if rel.get("Type", "").endswith(relationship) and rel.get("TargetMode") != "External":
            target = rel.get("Target", "")
            name = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            name = posixpath.normpath(name)
            return name if name in names else None
    return None


def parse_part(path: Path, name: str, data: bytes) -> etree._Element:
    """Parse one part with the hardened parser (no entities, DTD, network or huge trees), in whatever
    encoding it declares (UTF-8 or UTF-16), and refuse a part that declares a DTD: OOXML never needs one,
    so it can only be an entity-expansion or XXE attempt."""
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        if b"<!ENTITY" in data or "<!ENTITY".encode("utf-16-le") in data:
            raise ExtractionError(path, f"{name} declares entities, which Word files never do") from exc
        raise ExtractionError(path, f"cannot open as a Word document: {name}: {exc}") from exc
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise ExtractionError(path, f"{name} declares a DTD or entities, which Word files never do")
    return root


def check_sizes(path: Path, members: list[zipfile.ZipInfo]) -> None:
    """Zip-bomb guard on the sizes the zip directory declares; zipfile never inflates a member beyond them."""
    total = sum(info.file_size for info in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        reason = f"zip expands to {total} bytes, over the {MAX_UNCOMPRESSED_BYTES} byte limit"
        raise ExtractionError(path, reason)
    for info in members:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_CHECK_MIN_BYTES and ratio > MAX_COMPRESSION_RATIO:
            reason = f"zip member {info.filename} has compression ratio {ratio:.0f} (zip bomb?)"
            raise ExtractionError(path, reason)
