"""Archive-bomb guard for uploaded zip-based files (.xlsx, .docx).

An .xlsx is a zip of XML files: a few megabytes on the wire can unpack to
gigabytes that a spreadsheet reader would then parse (openpyxl keeps the
shared strings in memory). The member table is checked before anything is
unpacked. Checking declared sizes is enough: Python's zipfile never returns
more bytes than a member declares and fails the CRC check if they differ.
"""

import zipfile
from dataclasses import dataclass


class UnsafeArchive(ValueError):
    """The upload is a zip that would unpack to too much; the message says what."""


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
