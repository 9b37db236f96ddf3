"""manage.py backup / restore: everything, all or nothing, schema-checked, bomb-proof."""

import datetime
import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection

from common.backup import BackupError, Limits, canonical_content, restore_backup, write_backup
from tests import factories
from vendors.models import RoadmapChange, RoadmapItem, Vendor


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "evidence").mkdir(parents=True)
    return settings.MEDIA_ROOT


@pytest.fixture
def site(db, media_root):
    """A little of everything: users in groups, vendors, a re-baselined roadmap item, an upload."""
    user = factories.UserFactory(username="bea.backup", role="Risk leader")
    vendor = factories.VendorFactory(name="Backup Vendor", slug="backup-vendor")
    item = factories.RoadmapItemFactory(vendor=vendor, title="Unified console")
    item.rebaseline(item.target_date + datetime.timedelta(days=90), "Vendor moved it to Q3", user)
    item.save()
    factories.ContractFactory(vendor=vendor)
    factories.FinancialFactFactory(vendor=vendor)
    (media_root / "evidence" / "soc2 report.pdf").write_bytes(b"%PDF-1.7 evidence " * 100)
    (media_root / "notes.txt").write_text("naïve café ✓", encoding="utf-8")
    return {"user": user, "vendor": vendor, "item": item}


def archive_rows(path: Path) -> list[dict]:
    with zipfile.ZipFile(path) as archive:
        return json.loads(archive.read("data.json"))


def archive_media(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist() if name.startswith("media/")}


def rewrite(source: Path, target: Path, replace=None, add=None, fix_checksum=True) -> Path:
    """Copy an archive with some members replaced or added, as a forger or a bad disk would."""
    replace = replace or {}
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        manifest = json.loads(old.read("manifest.json"))
        if "manifest.json" in replace:
            manifest = replace.pop("manifest.json")
        if fix_checksum and "data.json" in replace:
            manifest["data_sha256"] = hashlib.sha256(replace["data.json"]).hexdigest()
        new.writestr("manifest.json", json.dumps(manifest))
        for name in old.namelist():
            if name != "manifest.json":
                new.writestr(name, replace.get(name, old.read(name)))
        for name, data in (add or {}).items():
            new.writestr(name, data)
    return target


@pytest.fixture
def empty_the_database():
    """empty_the_database() leaves only the schema, as in a new database (content types are rebuilt)."""

    def empty():
        # PostgreSQL cannot TRUNCATE with this test's foreign-key checks pending; run them first.
        connection.check_constraints()
        call_command("flush", interactive=False, verbosity=0)
        ContentType.objects.clear_cache()

    yield empty
    # The flush is rolled back with the test; cached content type ids must not outlive it.
    ContentType.objects.clear_cache()


def test_a_restore_into_an_empty_database_then_a_backup_gives_the_same_content(
    site, tmp_path, media_root, empty_the_database
):
    first = tmp_path / "first.zip"
    manifest = write_backup(first)
    assert manifest["counts"]["vendors.vendor"] == 1
    assert manifest["counts"]["vendors.roadmapchange"] == 1
    assert manifest["counts"]["auth.group"] == 3
    assert manifest["schema"]["vendors"] >= "0003"

    empty_the_database()
    for path in sorted(media_root.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    assert not Vendor.objects.exists() and not get_user_model().objects.exists()

    folder = media_root.stat().st_ino
    restore_backup(first)
    # The media folder itself stays (it may be a mount point); only its contents are replaced.
    assert media_root.stat().st_ino == folder
    assert not list(media_root.glob(".restore-*")), "no working folder is left behind"
    second = tmp_path / "second.zip"
    write_backup(second)

    assert canonical_content(archive_rows(second)) == canonical_content(archive_rows(first))
    assert archive_media(second) == archive_media(first)
    assert (media_root / "notes.txt").read_text(encoding="utf-8") == "naïve café ✓"
    # The restored records behave: the user keeps their id, password and role.
    user = get_user_model().objects.get(username="bea.backup")
    assert user.pk == site["user"].pk and user.check_password(factories.PASSWORD)
    assert user.groups.get().name == "Risk leader"
    change = RoadmapChange.objects.get()
    assert change.item.title == "Unified console" and change.changed_by == user
    # Sequences were moved past the restored ids: new rows do not collide.
    assert factories.VendorFactory(name="After Restore").pk > site["vendor"].pk


def test_a_working_folder_left_by_an_interrupted_restore_is_not_backed_up(site, tmp_path, media_root):
    (media_root / ".restore-incoming-x1y2").mkdir()
    (media_root / ".restore-incoming-x1y2" / "half.txt").write_text("half")
    manifest = write_backup(tmp_path / "b.zip")
    assert sorted(manifest["media"]) == ["evidence/soc2 report.pdf", "notes.txt"]


def test_the_commands_back_up_and_restore_from_the_command_line(site, tmp_path):
    path = tmp_path / "cli.zip"
    out = io.StringIO()
    call_command("backup", str(path), stdout=out)
    assert "2 files" in out.getvalue()
    Vendor.objects.filter(pk=site["vendor"].pk).update(name="Renamed after the backup")
    call_command("restore", str(path), interactive=False, stdout=out)
    assert Vendor.objects.get().name == "Backup Vendor"
    assert "Restored" in out.getvalue()


def test_it_refuses_a_backup_from_another_schema_and_changes_nothing(site, tmp_path):
    good = tmp_path / "good.zip"
    manifest = write_backup(good)
    manifest["schema"] = {**manifest["schema"], "vendors": "0999_from_the_future"}
    forged = rewrite(good, tmp_path / "future.zip", replace={"manifest.json": manifest})
    Vendor.objects.update(name="Current name")
    with pytest.raises(CommandError, match="schema does not match.*vendors: backup at 0999_from_the_future"):
        call_command("restore", str(forged), interactive=False)
    assert Vendor.objects.get().name == "Current name"


def test_it_refuses_an_unknown_format_version(site, tmp_path):
    good = tmp_path / "good.zip"
    manifest = write_backup(good)
    manifest["format_version"] = 2
    with pytest.raises(BackupError, match="format version 2"):
        restore_backup(rewrite(good, tmp_path / "v2.zip", replace={"manifest.json": manifest}))


def test_a_restore_failing_half_way_leaves_the_database_as_it_was(site, tmp_path, media_root):
    good = tmp_path / "good.zip"
    write_backup(good)
    rows = archive_rows(good)
    # Damage a row in the middle of the file; rows before it load, then the restore fails.
    middle = next(i for i, row in enumerate(rows) if row["model"] == "vendors.roadmapitem")
    assert 0 < middle < len(rows) - 1
    rows[middle]["fields"]["target_date"] = "2026-13-45"
    damaged = rewrite(good, tmp_path / "damaged.zip", replace={"data.json": json.dumps(rows).encode()})
    # The database has moved on since the backup; none of that may be lost.
    later = factories.VendorFactory(name="Added after the backup")
    (media_root / "later.txt").write_text("kept")
    with pytest.raises(BackupError, match="left as it was"):
        restore_backup(damaged)
    assert set(Vendor.objects.values_list("name", flat=True)) == {"Backup Vendor", later.name}
    assert RoadmapItem.objects.count() == 1 and RoadmapChange.objects.count() == 1
    assert get_user_model().objects.filter(username="bea.backup").exists()
    assert Group.objects.count() == 3
    assert (media_root / "later.txt").read_text() == "kept"


def test_it_refuses_a_backup_whose_bytes_were_damaged(site, tmp_path):
    good = tmp_path / "good.zip"
    write_backup(good)
    data = bytearray(zipfile.ZipFile(good).read("data.json"))
    data[len(data) // 2] ^= 0xFF
    flipped = rewrite(good, tmp_path / "flipped.zip", replace={"data.json": bytes(data)}, fix_checksum=False)
    with pytest.raises(BackupError, match="checksum"):
        restore_backup(flipped)
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(BackupError, match="not a readable backup archive"):
        restore_backup(truncated)
    assert Vendor.objects.get().name == "Backup Vendor"


def test_it_refuses_a_media_file_that_differs_from_the_manifest(site, tmp_path, media_root):
    good = tmp_path / "good.zip"
    write_backup(good)
    swapped = rewrite(good, tmp_path / "swapped.zip", replace={"media/notes.txt": b"forged"})
    with pytest.raises(BackupError, match="checksum"):
        restore_backup(swapped)
    assert (media_root / "notes.txt").read_text(encoding="utf-8") == "naïve café ✓"


def test_it_refuses_archive_bombs_before_unpacking_them(site, tmp_path):
    good = tmp_path / "good.zip"
    write_backup(good)
    bomb = rewrite(good, tmp_path / "bomb.zip", add={"media/zeros.bin": bytes(5 * 1024 * 1024)})
    with pytest.raises(BackupError, match="archive bomb"):
        restore_backup(bomb)
    with pytest.raises(BackupError, match="at most 4096 are accepted"):
        restore_backup(good, limits=Limits(max_member_bytes=4096))
    with pytest.raises(BackupError, match="members; at most 3"):
        restore_backup(good, limits=Limits(max_members=3))
    with pytest.raises(BackupError, match="unpack to .* bytes; at most 10000"):
        restore_backup(good, limits=Limits(max_total_bytes=10_000))
    assert Vendor.objects.get().name == "Backup Vendor"


@pytest.mark.parametrize(
    "name", ["media/../../escape.txt", "media//etc/passwd", "media/a\\..\\b", "secrets.txt"]
)
def test_it_refuses_members_that_could_escape_the_media_folder(site, tmp_path, name):
    good = tmp_path / "good.zip"
    write_backup(good)
    evil = rewrite(good, tmp_path / "evil.zip", add={name: b"x"})
    with pytest.raises(BackupError, match="unsafe name|Unexpected archive member"):
        restore_backup(evil)
    assert not (tmp_path / "escape.txt").exists()


def test_it_refuses_rows_of_models_a_backup_never_holds(site, tmp_path):
    good = tmp_path / "good.zip"
    manifest = write_backup(good)
    rows = archive_rows(good) + [{"model": "auth.permission", "pk": 1, "fields": {}}]
    manifest["counts"]["auth.permission"] = 1
    forged = rewrite(
        good,
        tmp_path / "perm.zip",
        replace={"manifest.json": manifest, "data.json": json.dumps(rows).encode()},
    )
    with pytest.raises(BackupError, match="never contains"):
        restore_backup(forged)
