"""Processes for the logbook reliability tests (run as scripts, not collected by pytest).

    python logbook_worker.py write DB FIRST LAST       one transaction per building, "ok I" after each commit
    python logbook_worker.py read DB SECONDS          read summaries, columns and filters; print a JSON report
    python logbook_worker.py readonly-folder DB       (as an unprivileged user) try to edit a read-only folder
"""

from __future__ import annotations

import json
import os
import sys
import time
import traceback


def building(i: int) -> str:
    return f"K{i:04d}"


def expected_values(i: int) -> dict[str, object]:
    """What write number ``i`` stores: three fields in one transaction, so a partial write is visible."""
    return {"construction_year": 1800 + i % 200, "dwellings": i, "name": f"building {i}"}


def write(db: str, first: int, last: int) -> None:
    from city.logbook import SQLiteLogbookStore

    with SQLiteLogbookStore(db, author="writer process") as store:
        for i in range(first, last):
            store.set_fields(building(i), expected_values(i), reason=f"reliability write {i}")
            if i % 7 == 0:
                store.add_event(building(i), "note", {"date": "2026-01-01", "text": f"note {i}"}, reason="reliability")
            # Printed only once the commit returned: the parent counts this write as confirmed.
            sys.stdout.write(f"ok {i}\n")
            sys.stdout.flush()


def read(db: str, seconds: float) -> None:
    from city.logbook import SQLiteLogbookStore

    report = {"reads": 0, "errors": [], "partial": []}
    deadline = time.monotonic() + seconds
    store = SQLiteLogbookStore(db, read_only=True)
    try:
        while time.monotonic() < deadline:
            try:
                ids = store.building_ids()
                for building_id in ids[-5:]:
                    values = store.current(building_id)
                    if values and len(values) != 3:
                        report["partial"].append([building_id, values])
                    store.building_summary(building_id)
                    store.timeline(building_id)
                store.column("construction_year")
                store.filter("construction_year < 1900 and dwellings > 10")
                report["reads"] += 1
            except Exception as exc:  # reported to the parent, which fails the test
                report["errors"].append(f"{type(exc).__name__}: {exc}")
    finally:
        store.close()
    print(json.dumps(report))


def readonly_folder(db: str) -> None:
    """Try to edit a logbook in a folder this process cannot write; print what happened as JSON."""
    from city.logbook import LogbookReadOnlyError, LogbookWriteError, SQLiteLogbookStore

    if os.geteuid() == 0:  # root ignores permissions: act as nobody for the rest of the process
        os.setegid(65534)
        os.seteuid(65534)
    out: dict[str, object] = {}
    try:
        SQLiteLogbookStore(db, author="bob")
        out["open_for_editing"] = "opened"
    except LogbookWriteError as exc:
        out["open_for_editing"] = f"LogbookWriteError: {exc}"
    try:
        SQLiteLogbookStore(os.path.join(os.path.dirname(db), "new.sqlite"), author="bob")
        out["create"] = "created"
    except LogbookWriteError as exc:
        out["create"] = f"LogbookWriteError: {exc}"
    viewer = SQLiteLogbookStore(db, read_only=True)
    out["viewer_reads"] = viewer.current("B1")
    try:
        viewer.set_fields("B1", {"dpe_class": "G"}, reason="should fail")
        out["viewer_write"] = "written"
    except LogbookReadOnlyError as exc:
        out["viewer_write"] = f"LogbookReadOnlyError: {exc}"
    viewer.close()
    print(json.dumps(out))


if __name__ == "__main__":
    try:
        mode = sys.argv[1]
        if mode == "write":
            write(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
        elif mode == "read":
            read(sys.argv[2], float(sys.argv[3]))
        elif mode == "readonly-folder":
            readonly_folder(sys.argv[2])
        else:
            raise SystemExit(f"unknown mode {mode!r}")
    except Exception:
        traceback.print_exc()
        raise SystemExit(1)
