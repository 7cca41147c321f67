"""EncryptedStorage behaves like TinyDB's JSONStorage, and never writes plain text."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from tinydb import Query, TinyDB
from tinydb.storages import JSONStorage

from oncall.journal import StoreDamaged, WrongPassphrase
from oncall.storage import EncryptedStorage

from .conftest import PASSPHRASE, STUDENT, TEST_KDF_N

Opener = Callable[[Path], TinyDB]


def encrypted(path: Path) -> TinyDB:
    return TinyDB(path, storage=EncryptedStorage, passphrase=PASSPHRASE, kdf_n=TEST_KDF_N)


def plain_json(path: Path) -> TinyDB:
    return TinyDB(path, storage=JSONStorage)


@pytest.fixture(params=[encrypted, plain_json], ids=["encrypted", "json"])
def opener(request: pytest.FixtureRequest) -> Opener:
    return request.param  # type: ignore[no-any-return]


def test_insert_search_update_remove_like_json(opener: Opener, tmp_path: Path) -> None:
    db = opener(tmp_path / "db")
    person = Query()
    first = db.insert({"name": "甲", "age": 15})
    db.insert_multiple([{"name": "乙", "age": 16}, {"name": "丙", "age": 17}])
    assert db.search(person.age > 15) == [{"name": "乙", "age": 16}, {"name": "丙", "age": 17}]
    db.update({"age": 18}, person.name == "乙")
    db.remove(doc_ids=[first])
    db.upsert({"name": "丁", "age": 14}, person.name == "丁")
    assert sorted(d["name"] for d in db.all()) == ["丁", "丙", "乙"]
    assert db.get(person.name == "乙") == {"name": "乙", "age": 18}
    assert len(db) == 3
    db.close()
    again = opener(tmp_path / "db")
    assert sorted((d["name"], d["age"]) for d in again.all()) == [
        ("丁", 14),
        ("丙", 17),
        ("乙", 18),
    ]
    assert again.get(doc_id=first) is None


def test_tables_and_drop(opener: Opener, tmp_path: Path) -> None:
    db = opener(tmp_path / "db")
    db.table("a").insert({"x": 1})
    db.table("b").insert({"y": 2})
    assert db.tables() == {"a", "b"}
    db.drop_table("a")
    db.table("b").truncate()
    db.close()
    again = opener(tmp_path / "db")
    assert again.tables() == {"b"}
    assert again.table("b").all() == []
    again.drop_tables()
    assert again.tables() == set()


def test_two_instances_see_each_other(opener: Opener, tmp_path: Path) -> None:
    # As with JSONStorage, each instance reads what the other wrote. (TinyDB caches
    # a table's next id per instance, so interleaved inserts clash on any storage.)
    one = opener(tmp_path / "db")
    two = opener(tmp_path / "db")
    one.insert_multiple([{"n": 1}, {"n": 2}])
    two.insert({"n": 3})
    assert sorted(d["n"] for d in one.all()) == [1, 2, 3]
    two.update({"seen": True}, Query().n == 1)
    one.remove(Query().n == 2)
    assert one.get(Query().n == 1) == {"n": 1, "seen": True}
    assert sorted(d["n"] for d in two.all()) == [1, 3]


def test_no_plain_text_reaches_the_disk(tmp_path: Path) -> None:
    db = encrypted(tmp_path / "db")
    db.insert({"student_name": STUDENT, "phone": "13800000000"})
    db.update({"note": "需要陪护"}, Query().phone == "13800000000")
    db.close()
    raw = (tmp_path / "db").read_bytes()
    for secret in (STUDENT, "13800000000", "student_name", "需要陪护"):
        assert secret.encode() not in raw
    assert list(tmp_path.iterdir()) == [tmp_path / "db"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_file_is_private(tmp_path: Path) -> None:
    encrypted(tmp_path / "db").insert({"a": 1})
    assert stat.S_IMODE((tmp_path / "db").stat().st_mode) == 0o600


def test_wrong_passphrase_leaves_file_untouched(tmp_path: Path) -> None:
    encrypted(tmp_path / "db").insert({"a": 1})
    before = (tmp_path / "db").read_bytes()
    with pytest.raises(WrongPassphrase):
        TinyDB(tmp_path / "db", storage=EncryptedStorage, passphrase="nope")
    assert (tmp_path / "db").read_bytes() == before


def test_altered_header_is_refused(tmp_path: Path) -> None:
    encrypted(tmp_path / "db").insert({"a": 1})
    raw = bytearray((tmp_path / "db").read_bytes())
    at = raw.index(b'"file_id": "') + len(b'"file_id": "')
    raw[at] = ord("A") if raw[at] != ord("A") else ord("B")
    (tmp_path / "db").write_bytes(bytes(raw))
    with pytest.raises(StoreDamaged, match="header"):
        encrypted(tmp_path / "db")


def test_each_write_appends_only_the_change(tmp_path: Path) -> None:
    db = encrypted(tmp_path / "db")
    for n in range(50):
        db.insert({"n": n, "text": "x" * 100})
    size_50 = (tmp_path / "db").stat().st_size
    db.insert({"n": 50, "text": "x" * 100})
    growth = (tmp_path / "db").stat().st_size - size_50
    assert growth < 400  # one small record, not the whole table again
