"""Documents attached to logbook entries: content-addressed, size-limited, never outside their folder."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from city.logbook import DocumentError, FieldValueError, LogbookReadOnlyError, SQLiteLogbookStore


@pytest.fixture
def store(tmp_path: Path) -> SQLiteLogbookStore:
    project = tmp_path / "project"
    project.mkdir()
    s = SQLiteLogbookStore(project / "city.sqlite", author="alice", document_limit_bytes=1000)
    yield s
    s.close()


def _inside(path: Path, folder: Path) -> bool:
    return os.path.commonpath([os.path.realpath(path), os.path.realpath(folder)]) == os.path.realpath(folder)


def test_attach_stores_by_hash_and_keeps_the_name_as_metadata(store: SQLiteLogbookStore, tmp_path: Path) -> None:
    content = b"%PDF-1.4 DPE report"
    source = tmp_path / "DPE 2024 (final).pdf"
    source.write_bytes(content)
    works = store.add_event("B1", "works", {"date": "2024-01-01", "category": "windows"}, reason="invoice")
    event_id = store.attach_document("B1", source, reason="report received", document_kind="dpe_report",
                                     title="DPE 2024", date="2024-02-01", attached_to=works)
    sha = hashlib.sha256(content).hexdigest()
    doc = next(e for e in store.timeline("B1") if e.event_id == event_id)
    assert doc.kind == "document"
    assert doc.data["sha256"] == sha and doc.data["size_bytes"] == len(content)
    assert doc.data["original_name"] == "DPE 2024 (final).pdf" and doc.data["media_type"] == "application/pdf"
    assert doc.data["attached_to"] == works
    path = store.document_path(sha)
    assert path == store.documents_dir / sha[:2] / sha
    assert path.read_bytes() == content and store.read_document(sha) == content
    # The same content twice is stored once.
    copy = tmp_path / "copy.pdf"
    copy.write_bytes(content)
    store.attach_document("B2", copy, reason="same report")
    assert sorted(p.name for p in store.documents_dir.rglob("*") if p.is_file()) == [sha]


@pytest.mark.parametrize(
    "name",
    ["..%2F..%2Fetc%2Fpasswd", "....", "..", ".hidden", "con.pdf", "a\\..\\..\\b.pdf", "rapport\u202egpj.exe", "x\ny.pdf"],
)
def test_hostile_file_names_never_become_paths(store: SQLiteLogbookStore, tmp_path: Path, name: str) -> None:
    folder = tmp_path / "incoming"
    folder.mkdir()
    if name in ("..",):
        source = folder / "plain.pdf"  # a file cannot be named ".."; the path below goes through it
        source.write_bytes(b"x")
        source = folder / "sub" / ".." / "plain.pdf"
        (folder / "sub").mkdir()
    else:
        source = folder / name
        source.write_bytes(name.encode())
    event_id = store.attach_document("B1", source, reason="upload")
    data = store.timeline("B1")[-1].data
    assert store.timeline("B1")[-1].event_id == event_id
    assert "\n" not in data["original_name"]
    stored = store.document_path(data["sha256"])
    assert _inside(stored, store.documents_dir)
    assert stored.name == data["sha256"]
    assert not (tmp_path / "etc").exists()


@pytest.mark.parametrize("sha", ["../../etc/passwd", "/etc/passwd", "a" * 63, "A" * 64, ("../" * 21) + "x", "0" * 64 + "/.."])
def test_document_lookup_only_accepts_hashes(store: SQLiteLogbookStore, sha: str) -> None:
    with pytest.raises(DocumentError, match="not a document hash"):
        store.document_path(sha)


def test_a_planted_symlink_is_not_followed(store: SQLiteLogbookStore, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"password")
    sha = hashlib.sha256(b"password").hexdigest()
    (store.documents_dir / sha[:2]).mkdir(parents=True)
    (store.documents_dir / sha[:2] / sha).symlink_to(secret)
    with pytest.raises(DocumentError, match="not a regular file"):
        store.document_path(sha)
    with pytest.raises(DocumentError):
        store.read_document(sha)


def test_a_symlinked_shard_folder_is_refused(store: SQLiteLogbookStore, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    content = b"plan of the ground floor"
    sha = hashlib.sha256(content).hexdigest()
    store.documents_dir.mkdir(parents=True, exist_ok=True)
    (store.documents_dir / sha[:2]).symlink_to(outside, target_is_directory=True)
    source = tmp_path / "plan.png"
    source.write_bytes(content)
    with pytest.raises(DocumentError, match="not a plain folder"):
        store.attach_document("B1", source, reason="upload")
    assert list(outside.iterdir()) == []
    assert store.timeline("B1") == []
    assert not [p for p in store.documents_dir.rglob("*") if p.is_file() and not p.is_symlink()]


def test_size_limit_and_non_files(store: SQLiteLogbookStore, tmp_path: Path) -> None:
    big = tmp_path / "scan.tif"
    big.write_bytes(b"x" * 1001)
    with pytest.raises(DocumentError, match="limited to"):
        store.attach_document("B1", big, reason="upload")
    with pytest.raises(DocumentError, match="not a regular file"):
        store.attach_document("B1", tmp_path, reason="upload")
    with pytest.raises(DocumentError, match="cannot read"):
        store.attach_document("B1", tmp_path / "missing.pdf", reason="upload")
    assert store.timeline("B1") == []
    assert not store.documents_dir.exists() or not any(store.documents_dir.rglob("*.*"))


def test_attach_checks_the_entry_and_mode(store: SQLiteLogbookStore, tmp_path: Path) -> None:
    source = tmp_path / "a.pdf"
    source.write_bytes(b"a")
    other = store.add_event("B2", "note", {"date": "2024-01-01", "text": "x"}, reason="x")
    with pytest.raises(FieldValueError, match="attached_to"):
        store.attach_document("B1", source, reason="upload", attached_to=other)
    with pytest.raises(FieldValueError, match="document_kind"):
        store.attach_document("B1", source, reason="upload", document_kind="poem")
    viewer = SQLiteLogbookStore(store.path, read_only=True)
    with pytest.raises(LogbookReadOnlyError):
        viewer.attach_document("B1", source, reason="upload")
    viewer.close()


def test_damaged_documents_are_detected(store: SQLiteLogbookStore, tmp_path: Path) -> None:
    source = tmp_path / "a.pdf"
    source.write_bytes(b"original")
    store.attach_document("B1", source, reason="upload")
    sha = store.timeline("B1")[0].data["sha256"]
    store.document_path(sha).write_bytes(b"tampered")
    with pytest.raises(DocumentError, match="damaged"):
        store.read_document(sha)
