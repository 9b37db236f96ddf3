"""Guards for uploaded zip-based files (.xlsx, .docx), run before any reader opens them.

An .xlsx is a zip of XML files: a few megabytes on the wire can unpack to
gigabytes that a spreadsheet reader would then parse (openpyxl keeps the
shared strings in memory). The member table is checked before anything is
unpacked (check_zip_upload). Checking declared sizes is enough: Python's
zipfile never returns more bytes than a member declares and fails the CRC
check if they differ.

Then every XML part is parsed once, streaming, with defusedxml and no tree
built (check_xml_parts): a part that is not well-formed XML, or that declares
a DTD, an entity or an external reference (billion laughs, XXE), refuses the
whole file with a plain reason. Real workbooks never carry a DTD, so refusing
any is no loss and means no reader after this one ever expands an entity.
"""

import zipfile
import zlib
from dataclasses import dataclass
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

XML_PART_SUFFIXES = (".xml", ".rels")
_CHUNK = 64 * 1024


class UnsafeArchive(ValueError):
    """The upload is a zip that would unpack to too much or whose XML is broken or unsafe; the message says what."""


@dataclass(frozen=True)
class ZipLimits:
    max_members: int = 2_000
    max_member_bytes: int = 100 * 1024 * 1024
    max_total_bytes: int = 200 * 1024 * 1024
    max_ratio: int = 100  # uncompressed / compressed, for members above ratio_floor_bytes
    ratio_floor_bytes: int = 1024 * 1024


def check_zip_upload(source, limits: ZipLimits | None = None) -> None:
    """Raise UnsafeArchive if the zip in ``source`` (a path or a file object) could be an archive bomb.

    A file that is not a zip at all passes: telling formats apart is the caller's job.
    """
    limits = limits or ZipLimits()
    position = source.tell() if hasattr(source, "tell") else None
    try:
        with zipfile.ZipFile(source) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        return
    finally:
        if position is not None:
            source.seek(position)
    if len(infos) > limits.max_members:
        raise UnsafeArchive(
            f"The file holds {len(infos):,} parts; at most {limits.max_members:,} are accepted."
        )
    total = 0
    for info in infos:
        if info.file_size > limits.max_member_bytes:
            raise UnsafeArchive(
                f"A part of the file ({info.filename}) unpacks to {info.file_size:,} bytes; "
                f"at most {limits.max_member_bytes:,} are accepted."
            )
        if info.file_size > limits.ratio_floor_bytes and info.file_size > limits.max_ratio * max(
            info.compress_size, 1
        ):
            raise UnsafeArchive(
                f"A part of the file ({info.filename}) is compressed "
                f"{info.file_size // max(info.compress_size, 1):,}:1, far more than a real document; "
                "refusing a possible archive bomb."
            )
        total += info.file_size
    if total > limits.max_total_bytes:
        raise UnsafeArchive(
            f"The file unpacks to {total:,} bytes; at most {limits.max_total_bytes:,} are accepted."
        )


class _Discard:
    """A parser target that keeps nothing: the check needs the parse, not the tree."""


def check_xml_parts(source) -> None:
    """Raise UnsafeArchive unless every XML part of the zip in ``source`` is well-formed XML without a DTD.

    Run it after check_zip_upload (the sizes are trusted here). A file that is not a zip at all passes,
    as there; the position of a file object is left where it was.
    """
    position = source.tell() if hasattr(source, "tell") else None
    try:
        try:
            archive = zipfile.ZipFile(source)
        except (zipfile.BadZipFile, OSError):
            return
        with archive:
            for info in archive.infolist():
                if not info.is_dir() and info.filename.lower().endswith(XML_PART_SUFFIXES):
                    _check_xml_part(archive, info)
    finally:
        if position is not None:
            source.seek(position)


def _check_xml_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    parser = DefusedXMLParser(target=_Discard(), forbid_dtd=True, forbid_entities=True, forbid_external=True)
    try:
        with archive.open(info) as part:
            while chunk := part.read(_CHUNK):
                parser.feed(chunk)
        parser.close()
    except DefusedXmlException:
        raise UnsafeArchive(
            f"A part of the file ({info.filename}) declares a DTD or an entity; a real workbook never does, "
            "and a reader could be made to expand it: refused."
        ) from None
    except ParseError as exc:
        raise UnsafeArchive(
            f"The file is damaged: a part of it ({info.filename}) is not well-formed XML ({exc})."
        ) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError):
        raise UnsafeArchive(
            f"The file is damaged: a part of it ({info.filename}) cannot be unpacked."
        ) from None
