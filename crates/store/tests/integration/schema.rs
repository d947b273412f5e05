//! Opening files: migrating an older schema, refusing a newer one, and one clear error for a
//! path that cannot hold a database.

use std::path::Path;

use store::{Error, EventFilter, Reader, Store, StoreConfig, SCHEMA_VERSION};

use crate::common::{opening, tick, UNDO_V9_V10};

/// The schema as version 1 shipped it: the raw feed only. Frozen; never edit.
const SCHEMA_V1: &str = "
    CREATE TABLE datagrams (
        seq            INTEGER PRIMARY KEY,
        received_at_us INTEGER NOT NULL,
        source         TEXT    NOT NULL,
        bytes          BLOB    NOT NULL,
        parse_status   TEXT    NOT NULL CHECK (parse_status IN ('ok', 'partial', 'error')),
        match_id       INTEGER
    );
    CREATE TABLE events (
        id             INTEGER PRIMARY KEY,
        seq            INTEGER NOT NULL REFERENCES datagrams (seq),
        idx            INTEGER NOT NULL,
        kind           TEXT    NOT NULL,
        side           TEXT,
        value          INTEGER,
        round          INTEGER,
        clock_seconds  INTEGER,
        match_id       INTEGER,
        received_at_us INTEGER NOT NULL,
        data           TEXT
    );
    CREATE INDEX events_by_match_kind ON events (match_id, kind);
    PRAGMA user_version = 1;
";

fn user_version(path: &Path) -> u32 {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row("PRAGMA user_version", [], |row| row.get(0))
        .unwrap()
}

#[tokio::test]
async fn a_version_1_database_is_migrated_and_keeps_its_rows() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("old.sqlite");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(SCHEMA_V1).unwrap();
        conn.execute_batch(
            "INSERT INTO datagrams VALUES (1, 1000, '10.0.0.5:6000', X'70726523', 'ok', NULL);
             INSERT INTO events (seq, idx, kind, received_at_us) VALUES (1, 0, 'fight_loaded', 1000);",
        )
        .unwrap();
    }
    assert!(matches!(
        Reader::open(&path),
        Err(Error::SchemaVersion {
            found: 1,
            expected: SCHEMA_VERSION,
            ..
        })
    ));

    let store = Store::open(StoreConfig::new(&path)).expect("migrates");
    assert_eq!(user_version(&path), SCHEMA_VERSION);
    let reader = store.reader().unwrap();
    let old = reader.datagrams_from(0).unwrap();
    assert_eq!((old.len(), old[0].bytes.as_slice()), (1, &b"pre#"[..]));
    assert_eq!(
        reader.events(EventFilter::default()).unwrap()[0].kind,
        "fight_loaded"
    );
    assert_eq!(*store.handle().committed().borrow(), 1);

    // The tables version 2 added work.
    let handle = store.handle();
    let (_, records) = opening(2);
    for record in records {
        handle.append(record).await.unwrap();
    }
    handle.flush().await.unwrap();
    assert_eq!(reader.last_match_id().unwrap(), Some(2));
    assert!(reader.active_day().unwrap().is_some());
    assert_eq!(reader.integrity_check().unwrap(), "ok");
    store.close().unwrap();

    // Opening again migrates nothing.
    Store::open(StoreConfig::new(&path))
        .unwrap()
        .close()
        .unwrap();
    assert_eq!(user_version(&path), SCHEMA_VERSION);
}

#[test]
fn a_database_from_a_newer_program_is_refused() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("new.sqlite");
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("PRAGMA user_version = 99;")
        .unwrap();
    let err = Store::open(StoreConfig::new(&path)).expect_err("refused");
    assert!(
        matches!(err, Error::SchemaVersion { found: 99, .. }),
        "{err}"
    );
    assert_eq!(
        err.to_string(),
        format!(
            "database at {} has schema version 99, this program reads version {SCHEMA_VERSION}",
            path.display()
        )
    );
}

#[test]
fn a_folder_that_cannot_be_created_gives_one_clear_error_with_the_path() {
    let folder = tempfile::tempdir().unwrap();
    let not_a_folder = folder.path().join("data");
    std::fs::write(&not_a_folder, b"a file where the data folder should be").unwrap();
    let path = not_a_folder.join("vta.sqlite");
    let err = Store::open(StoreConfig::new(&path)).expect_err("cannot open");
    match &err {
        Error::Open { path: reported, .. } => assert_eq!(reported, &path),
        other => panic!("expected Error::Open, got {other:?}"),
    }
    let message = err.to_string();
    assert!(
        message.starts_with(&format!(
            "cannot open database at {}: cannot create folder",
            path.display()
        )),
        "{message}"
    );
    assert!(!message.contains('\n'), "{message}");
}

#[test]
fn a_file_that_is_not_a_database_gives_error_open() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("notes.sqlite");
    std::fs::write(&path, vec![b'x'; 4096]).unwrap();
    let err = Store::open(StoreConfig::new(&path)).expect_err("cannot open");
    assert!(
        matches!(&err, Error::Open { path: reported, .. } if reported == &path),
        "{err:?}"
    );
    assert!(err.to_string().contains("not a database"), "{err}");
}

#[test]
fn a_reader_needs_an_existing_database() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("missing.sqlite");
    assert!(matches!(Reader::open(&path), Err(Error::Open { .. })));
    assert!(!path.exists(), "a reader never creates the file");
}

#[test]
fn a_config_the_writer_cannot_use_is_refused() {
    let folder = tempfile::tempdir().unwrap();
    let mut config = StoreConfig::new(folder.path().join("vta.sqlite"));
    config.batch_max = 0;
    assert_eq!(
        Store::open(config).unwrap_err().to_string(),
        "invalid store configuration: batch_max must be at least 1"
    );
}

#[tokio::test]
async fn a_reader_opens_a_closed_database() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("vta.sqlite");
    let store = Store::open(StoreConfig::new(&path)).unwrap();
    store.handle().append(tick(1, 10)).await.unwrap();
    store.close().unwrap();
    let reader = Reader::open(&path).expect("read-only open of a closed WAL database");
    assert_eq!(reader.max_seq().unwrap(), Some(1));
}

#[tokio::test]
async fn a_version_4_database_gains_the_operator_tables_and_keeps_its_datagrams_folded() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("v4.sqlite");
    // A version 4 file: this program's file with what versions 5 and later added taken out.
    Store::open(StoreConfig::new(&path))
        .unwrap()
        .close()
        .unwrap();
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(UNDO_V9_V10).unwrap();
        conn.execute_batch(
            "DROP TABLE data_key;
             DROP TABLE audit;
             DROP TABLE auth_sessions;
             DROP TABLE auth_tokens;
             DROP TABLE auth_operator;
             DROP TABLE marks;
             DROP TABLE settings;
             ALTER TABLE datagrams DROP COLUMN folded;
             PRAGMA user_version = 4;
             INSERT INTO datagrams VALUES (1, 1000, '10.0.0.5:6000', X'636c6b3b313a35393b', 'ok', NULL);",
        )
        .unwrap();
    }
    assert_eq!(user_version(&path), 4);

    let store = Store::open(StoreConfig::new(&path)).expect("migrates from 4");
    assert_eq!(user_version(&path), SCHEMA_VERSION);
    let copies: Vec<_> = std::fs::read_dir(folder.path().join("backups"))
        .expect("a backups folder")
        .map(|entry| entry.unwrap().path())
        .collect();
    assert_eq!(copies.len(), 1, "one copy before the migration: {copies:?}");
    let copy = copies[0]
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(copy.starts_with("v4-v4-before-migration-"), "{copy}");
    assert_eq!(
        user_version(&copies[0]),
        4,
        "the copy is the file before the migration"
    );
    let reader = store.reader().unwrap();
    let old = reader.datagrams_from(0).unwrap();
    assert_eq!(old.len(), 1);
    assert!(
        old[0].folded,
        "datagrams stored before manual mode existed were all folded"
    );
    let handle = store.handle();
    handle.save_setting("manual_mode", "false").await.unwrap();
    let id = handle
        .mark(store::MarkStart {
            match_id: None,
            at_us: 2000,
            round: None,
            clock_seconds: None,
            note: "after the migration".into(),
        })
        .await
        .unwrap();
    assert_eq!(
        reader.setting("manual_mode").unwrap().as_deref(),
        Some("false")
    );
    assert_eq!(
        reader.mark(id).unwrap().map(|m| m.note),
        Some("after the migration".into())
    );
    assert_eq!(reader.integrity_check().unwrap(), "ok");
    store.close().unwrap();
}
