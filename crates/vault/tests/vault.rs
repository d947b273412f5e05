//! The data key against real SQLite files migrated by the store.

use std::path::Path;

use rusqlite::Connection;
use store::{Store, StoreConfig};
use vault::{key_file_path, Protection, SecretKey, Unlock, Vault, VaultError, KEY_LEN};

/// A migrated database in `folder`, with one OBS connection whose password is `sealed`.
fn database(folder: &Path, sealed: Option<Vec<u8>>) -> std::path::PathBuf {
    let path = folder.join("vta.sqlite3");
    Store::open(StoreConfig::new(&path))
        .unwrap()
        .close()
        .unwrap();
    let connection = Connection::open(&path).unwrap();
    connection
        .execute(
            "INSERT INTO obs_connections (name, host, port, password_sealed, protocol, role, enabled)
             VALUES ('REC', '127.0.0.1', 4455, ?1, 'auto', 'both', 1)",
            [sealed],
        )
        .unwrap();
    path
}

/// The data key of the database at `path`, opened with the key file of `folder` alone.
fn key_file_key(path: &Path, folder: &Path) -> Result<SecretKey, VaultError> {
    Vault::open(path, folder)
        .unwrap()
        .data_key(&Unlock::default())
}

fn stored_password(database: &Path) -> Vec<u8> {
    Connection::open(database)
        .unwrap()
        .query_row(
            "SELECT password_sealed FROM obs_connections WHERE name = 'REC'",
            [],
            |row| row.get(0),
        )
        .unwrap()
}

fn passphrase(text: &str) -> Unlock {
    Unlock {
        passphrase: Some(text.to_owned()),
    }
}

#[test]
fn the_data_key_is_made_once_and_opens_what_it_sealed_after_a_reopen() {
    let folder = tempfile::tempdir().unwrap();
    let path = database(folder.path(), None);
    let key = key_file_key(&path, folder.path()).unwrap();
    let sealed = key.seal("ringside").unwrap();
    let again = key_file_key(&path, folder.path()).unwrap();
    assert_eq!(again.unseal(&sealed).unwrap(), "ringside");
    let status = Vault::open(&path, folder.path())
        .unwrap()
        .status()
        .unwrap()
        .unwrap();
    assert_eq!(status.protection, Protection::default_here());
}

#[test]
fn a_folder_from_before_the_data_key_is_upgraded_and_its_passwords_resealed() {
    let folder = tempfile::tempdir().unwrap();
    // Before v8 the password was sealed straight under the 32 bytes of secret.key.
    let legacy_bytes: [u8; KEY_LEN] = rand_bytes();
    std::fs::write(key_file_path(folder.path()), legacy_bytes).unwrap();
    let legacy = SecretKey::from_bytes(legacy_bytes);
    let path = database(folder.path(), Some(legacy.seal("ringside").unwrap()));
    let key = key_file_key(&path, folder.path()).unwrap();
    let resealed = stored_password(&path);
    assert!(
        legacy.unseal(&resealed).is_err(),
        "no longer under the old key"
    );
    assert_eq!(key.unseal(&resealed).unwrap(), "ringside");
}

#[test]
fn rotation_reseals_every_secret_under_a_new_key_and_a_new_key_file() {
    let folder = tempfile::tempdir().unwrap();
    let path = database(folder.path(), None);
    let mut vault = Vault::open(&path, folder.path()).unwrap();
    let old = vault.data_key(&Unlock::default()).unwrap();
    seal_password(&path, &old, "ringside");
    let old_file = std::fs::read(key_file_path(folder.path())).unwrap();

    assert_eq!(vault.rotate(&Unlock::default()).unwrap(), 1);
    let new = key_file_key(&path, folder.path()).unwrap();
    let sealed = stored_password(&path);
    assert!(old.unseal(&sealed).is_err());
    assert_eq!(new.unseal(&sealed).unwrap(), "ringside");
    assert_ne!(
        std::fs::read(key_file_path(folder.path())).unwrap(),
        old_file
    );
}

#[test]
fn a_tampered_secret_stops_the_rotation_with_nothing_changed() {
    let folder = tempfile::tempdir().unwrap();
    let path = database(folder.path(), None);
    let mut vault = Vault::open(&path, folder.path()).unwrap();
    let key = vault.data_key(&Unlock::default()).unwrap();
    let mut sealed = key.seal("ringside").unwrap();
    *sealed.last_mut().unwrap() ^= 1;
    Connection::open(&path)
        .unwrap()
        .execute("UPDATE obs_connections SET password_sealed = ?1", [&sealed])
        .unwrap();
    let error = vault.rotate(&Unlock::default()).unwrap_err();
    assert!(
        matches!(&error, VaultError::Secret { name, .. } if name == "REC"),
        "{error}"
    );
    assert_eq!(stored_password(&path), sealed, "nothing changed");
    let same = key_file_key(&path, folder.path()).unwrap();
    assert_eq!(
        same.unseal(&key.seal("x").unwrap()).unwrap(),
        "x",
        "the same key"
    );
}

#[test]
fn a_passphrase_protects_the_key_and_a_wrong_or_missing_one_is_a_clear_error() {
    let folder = tempfile::tempdir().unwrap();
    let path = database(folder.path(), None);
    let mut vault = Vault::open(&path, folder.path()).unwrap();
    let key = vault.data_key(&Unlock::default()).unwrap();
    seal_password(&path, &key, "ringside");
    vault
        .protect(
            &Unlock::default(),
            Protection::Passphrase,
            &passphrase("court one"),
        )
        .unwrap();
    assert!(
        !key_file_path(folder.path()).exists(),
        "the key file is no longer needed"
    );

    let mut reopened = Vault::open(&path, folder.path()).unwrap();
    let missing = reopened.data_key(&Unlock::default()).unwrap_err();
    assert!(matches!(missing, VaultError::PassphraseNeeded), "{missing}");
    assert!(missing.to_string().contains("VTA_SECRETS_PASSPHRASE"));
    let wrong = reopened.data_key(&passphrase("court two")).unwrap_err();
    assert!(matches!(wrong, VaultError::WrongPassphrase), "{wrong}");
    let opened = reopened.data_key(&passphrase("court one")).unwrap();
    assert_eq!(opened.unseal(&stored_password(&path)).unwrap(), "ringside");

    // Back to a key file, and a rotation under the passphrase keeps it.
    assert_eq!(reopened.rotate(&passphrase("court one")).unwrap(), 1);
    reopened
        .protect(
            &passphrase("court one"),
            Protection::KeyFile,
            &Unlock::default(),
        )
        .unwrap();
    let back = key_file_key(&path, folder.path()).unwrap();
    assert_eq!(back.unseal(&stored_password(&path)).unwrap(), "ringside");
}

#[test]
fn another_folders_key_file_or_a_missing_one_does_not_open_the_key() {
    let folder = tempfile::tempdir().unwrap();
    let path = database(folder.path(), None);
    let key = key_file_key(&path, folder.path()).unwrap();
    seal_password(&path, &key, "ringside");
    let key_path = key_file_path(folder.path());
    std::fs::remove_file(&key_path).unwrap();
    let missing = key_file_key(&path, folder.path()).unwrap_err();
    assert!(missing.to_string().contains("missing"), "{missing}");
    std::fs::write(&key_path, rand_bytes::<KEY_LEN>()).unwrap();
    let wrong = key_file_key(&path, folder.path()).unwrap_err();
    assert!(matches!(wrong, VaultError::WrongKey(_)), "{wrong}");
}

#[cfg(not(windows))]
#[test]
fn dpapi_is_refused_off_windows() {
    let folder = tempfile::tempdir().unwrap();
    let path = database(folder.path(), None);
    let mut vault = Vault::open(&path, folder.path()).unwrap();
    let error = vault
        .protect(&Unlock::default(), Protection::Dpapi, &Unlock::default())
        .unwrap_err();
    assert!(
        matches!(error, VaultError::Unavailable(Protection::Dpapi)),
        "{error}"
    );
}

fn seal_password(path: &Path, key: &SecretKey, text: &str) {
    Connection::open(path)
        .unwrap()
        .execute(
            "UPDATE obs_connections SET password_sealed = ?1 WHERE name = 'REC'",
            [key.seal(text).unwrap()],
        )
        .unwrap();
}

fn rand_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).unwrap();
    bytes
}
