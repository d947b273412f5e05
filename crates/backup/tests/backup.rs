//! Export and import against real SQLite files: a round trip into an empty folder, and each
//! bad backup refused with one clear error and nothing changed.

use std::path::PathBuf;

use backup::{export, import, BackupError, Target};
use rusqlite::Connection;
use store::{Store, StoreConfig};
use vault::{SecretKey, Unlock, Vault};

const PASSPHRASE: &str = "tournament backup";
const PASSWORD: &str = "ringside-secret";

struct Folder {
    _dir: tempfile::TempDir,
    database: PathBuf,
    protocol_file: PathBuf,
    key: SecretKey,
}

impl Folder {
    /// A migrated, empty data folder with its data key.
    fn empty() -> Folder {
        let dir = tempfile::tempdir().unwrap();
        let database = dir.path().join("vta.sqlite3");
        Store::open(StoreConfig::new(&database))
            .unwrap()
            .close()
            .unwrap();
        let key = Vault::open(&database, dir.path())
            .unwrap()
            .data_key(&Unlock::default())
            .unwrap();
        Folder {
            protocol_file: dir.path().join("protocol.schema"),
            _dir: dir,
            database,
            key,
        }
    }

    /// A folder with settings, two connections (one with a password) and an edited schema.
    fn configured() -> Folder {
        let folder = Folder::empty();
        let db = folder.db();
        let mut settings = app::settings::Settings::defaults("/srv/recordings");
        settings.hotkeys.replay = "F8".to_owned();
        settings.replay.lead_seconds = 7.5;
        let settings = settings.to_json();
        db.execute(
            "INSERT INTO settings (key, value) VALUES ('settings', ?1), ('manual_mode', 'true')",
            [settings.to_string()],
        )
        .unwrap();
        db.execute(
            "INSERT INTO obs_connections (name, host, port, password_sealed, protocol, role, enabled)
             VALUES ('REC', '10.0.0.5', 4455, ?1, 'v5', 'rec', 1),
                    ('STR', '10.0.0.6', 4456, NULL, 'auto', 'str', 0)",
            [folder.key.seal(PASSWORD).unwrap()],
        )
        .unwrap();
        let schema = pss::Schema::v2_3().source();
        std::fs::write(&folder.protocol_file, schema).unwrap();
        folder
    }

    fn target(&self) -> Target<'_> {
        Target {
            database: &self.database,
            protocol_file: &self.protocol_file,
        }
    }

    fn db(&self) -> Connection {
        Connection::open(&self.database).unwrap()
    }

    /// Settings and connections as rows, passwords unsealed, and the schema file.
    fn configuration(&self) -> (Vec<(String, String)>, Vec<String>, Option<String>) {
        let db = self.db();
        let settings = db
            .prepare("SELECT key, value FROM settings ORDER BY key")
            .unwrap()
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let connections = db
            .prepare(
                "SELECT name, host, port, password_sealed, protocol, role, enabled
                 FROM obs_connections ORDER BY name",
            )
            .unwrap()
            .query_map([], |row| {
                let sealed: Option<Vec<u8>> = row.get(3)?;
                Ok(format!(
                    "{} {} {} {:?} {} {} {}",
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, u16>(2)?,
                    sealed.map(|sealed| self.key.unseal(&sealed).unwrap()),
                    row.get::<_, String>(4)?,
                    row.get::<_, String>(5)?,
                    row.get::<_, bool>(6)?,
                ))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let schema = std::fs::read_to_string(&self.protocol_file).ok();
        (settings, connections, schema)
    }
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle.as_bytes())
}

#[test]
fn a_backup_restores_settings_connections_and_schema_into_an_empty_folder() {
    let source = Folder::configured();
    let file = export(source.target(), &source.key, PASSPHRASE, "vta test").unwrap();
    assert!(
        !contains(&file, PASSWORD),
        "the password is in the backup in plain text"
    );
    assert!(!contains(&file, PASSPHRASE));

    let restored = Folder::empty();
    let summary = import(restored.target(), &restored.key, &file, PASSPHRASE).unwrap();
    assert_eq!(summary.settings, 2);
    assert_eq!(summary.obs_connections, 2);
    assert!(summary.protocol_schema);
    assert!(
        summary.copy.exists(),
        "a copy of the database before the import"
    );
    assert_eq!(restored.configuration(), source.configuration());
    let connections = restored.configuration().1;
    assert!(
        connections[0].contains(&format!("Some({PASSWORD:?})")),
        "{connections:?}"
    );
}

/// Every refusal: the error, and the folder as it was.
fn refused(bytes: &[u8], passphrase: &str) -> BackupError {
    let folder = Folder::configured();
    let before = folder.configuration();
    let error = import(folder.target(), &folder.key, bytes, passphrase).unwrap_err();
    assert_eq!(
        folder.configuration(),
        before,
        "nothing changed after: {error}"
    );
    assert!(
        !folder.database.with_file_name("backups").exists(),
        "no copy is made for a refused backup"
    );
    error
}

#[test]
fn a_bad_backup_is_one_clear_error_and_changes_nothing() {
    let source = Folder::configured();
    let file = export(source.target(), &source.key, PASSPHRASE, "vta test").unwrap();

    let truncated = refused(&file[..file.len() / 2], PASSPHRASE);
    assert!(
        matches!(truncated, BackupError::Truncated(_)),
        "{truncated}"
    );
    assert!(truncated.to_string().contains("cut short"), "{truncated}");

    let wrong = refused(&file, "another passphrase");
    assert!(matches!(wrong, BackupError::WrongPassphrase), "{wrong}");

    let text = String::from_utf8(file.clone()).unwrap();
    let edited = text.replace("10.0.0.6", "10.0.0.7");
    assert_ne!(edited, text);
    let tampered = refused(edited.as_bytes(), PASSPHRASE);
    assert!(matches!(tampered, BackupError::Tampered), "{tampered}");
    assert!(
        tampered.to_string().contains("edited by hand"),
        "{tampered}"
    );

    let mut newer: serde_json::Value = serde_json::from_slice(&file).unwrap();
    newer["version"] = serde_json::json!(2);
    let newer = refused(newer.to_string().as_bytes(), PASSPHRASE);
    assert!(
        matches!(
            newer,
            BackupError::Newer {
                found: 2,
                supported: 1
            }
        ),
        "{newer}"
    );

    let other = refused(br#"{"settings": {}}"#, PASSPHRASE);
    assert!(matches!(other, BackupError::NotABackup(_)), "{other}");
}

#[test]
fn a_weak_passphrase_is_refused_for_a_new_backup() {
    let source = Folder::configured();
    let error = export(source.target(), &source.key, "short", "vta test").unwrap_err();
    assert!(matches!(error, BackupError::WeakPassphrase(8)), "{error}");
}

#[test]
fn a_folder_without_an_edited_schema_restores_the_built_in_one() {
    let source = Folder::empty();
    let file = export(source.target(), &source.key, PASSPHRASE, "vta test").unwrap();
    let restored = Folder::configured();
    import(restored.target(), &restored.key, &file, PASSPHRASE).unwrap();
    assert_eq!(restored.configuration(), (vec![], vec![], None));
}
