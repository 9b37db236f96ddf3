"""Reading a backup archive without trusting it: names, sizes, counts, checksums."""

import hashlib
import json
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA = "data.json"
MEDIA_PREFIX = "media/"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup cannot be written, read or restored; the message says why."""


@dataclass(frozen=True)
class Limits:
    """What an archive may contain before we refuse to unpack it (archive-bomb guard)."""

    max_members: int = 100_000
    max_member_bytes: int = 1024**3  # one file, uncompressed
    max_total_bytes: int = 20 * 1024**3  # the whole archive, uncompressed
    max_ratio: int = 200  # uncompressed / compressed, for members above ratio_floor_bytes
    ratio_floor_bytes: int = 1024 * 1024


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def safe_media_name(name: str) -> PurePosixPath:
    """The path of a media member below MEDIA_ROOT, refusing anything that could escape it."""
    relative = name[len(MEDIA_PREFIX) :]
    path = PurePosixPath(relative)
    if (
        not relative
        or "\\" in relative
        or "\x00" in relative
        or path.is_absolute()
        or any(part in ("", ".", "..") for part in relative.split("/"))
    ):
        raise BackupError(f"Refusing archive member with an unsafe name: {name!r}")
    return path


class BackupReader:
    """Checks the whole member table on opening, then reads members with bounded reads."""

    def __init__(self, path: Path, limits: Limits):
        self.limits = limits
        try:
            self.zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise BackupError(f"{path} is not a readable backup archive: {exc}") from None
        self.members = self._check_members()
        self.total_read = 0

    def close(self):
        self.zip.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def _check_members(self) -> dict[str, zipfile.ZipInfo]:
        infos = self.zip.infolist()
        if len(infos) > self.limits.max_members:
            raise BackupError(
                f"The archive has {len(infos)} members; at most {self.limits.max_members} are accepted."
            )
        members: dict[str, zipfile.ZipInfo] = {}
        declared_total = 0
        for info in infos:
            name = info.filename
            if info.is_dir():
                continue
            if name in members:
                raise BackupError(f"The archive holds {name!r} twice.")
            if name not in (MANIFEST, DATA):
                if not name.startswith(MEDIA_PREFIX):
                    raise BackupError(f"Unexpected archive member {name!r}.")
                safe_media_name(name)
            if stat.S_ISLNK(info.external_attr >> 16):
                raise BackupError(f"Refusing symbolic link {name!r} in the archive.")
            if info.flag_bits & 0x1:
                raise BackupError(f"Refusing encrypted archive member {name!r}.")
            self._check_size(name, info.file_size, info.compress_size)
            declared_total += info.file_size
            members[name] = info
        if declared_total > self.limits.max_total_bytes:
            raise BackupError(
                f"The archive would unpack to {declared_total} bytes; "
                f"at most {self.limits.max_total_bytes} are accepted."
            )
        for required in (MANIFEST, DATA):
            if required not in members:
                raise BackupError(f"The archive has no {required}; it is not a backup of this application.")
        return members

    def _check_size(self, name: str, size: int, compressed: int) -> None:
        if size > self.limits.max_member_bytes:
            raise BackupError(
                f"{name!r} unpacks to {size} bytes; at most {self.limits.max_member_bytes} are accepted."
            )
        if size > self.limits.ratio_floor_bytes and size > self.limits.max_ratio * max(compressed, 1):
            raise BackupError(
                f"{name!r} is compressed {size // max(compressed, 1)}:1, "
                "more than an honest backup; refusing a possible archive bomb."
            )

    def media_names(self) -> list[str]:
        return sorted(name for name in self.members if name.startswith(MEDIA_PREFIX))

    def chunks(self, name: str):
        """Yield the member's bytes, stopping as soon as it exceeds what its header declared."""
        info = self.members[name]
        read = 0
        try:
            with self.zip.open(info) as stream:
                while chunk := stream.read(CHUNK):
                    read += len(chunk)
                    self.total_read += len(chunk)
                    # The header can lie; the bytes actually produced are what count.
                    if read > min(info.file_size, self.limits.max_member_bytes):
                        raise BackupError(f"{name!r} unpacks to more than its header declares.")
                    if self.total_read > self.limits.max_total_bytes:
                        raise BackupError("The archive unpacks to more than the accepted total size.")
                    yield chunk
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise BackupError(f"{name!r} is damaged: {exc}") from None

    def read(self, name: str) -> bytes:
        return b"".join(self.chunks(name))

    def read_json(self, name: str):
        try:
            return json.loads(self.read(name))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise BackupError(f"{name} is not valid JSON: {exc}") from None
