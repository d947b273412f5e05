//! The credential tables on a real SQLite file migrated by `store`.

use auth::{Credentials, Error, Role};

fn open() -> (tempfile::TempDir, Credentials) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("vta.sqlite3");
    store::Store::open(store::StoreConfig::new(&path))
        .expect("store migrates")
        .close()
        .expect("close");
    let credentials = Credentials::open(&path).expect("credentials open");
    (dir, credentials)
}

#[test]
fn the_password_is_checked_and_a_new_one_ends_every_session() {
    let (_dir, credentials) = open();
    assert!(!credentials.password_is_set().unwrap());
    assert!(!credentials.check_password("anything long").unwrap());
    credentials.set_password("ringside-42").unwrap();
    assert!(credentials.password_is_set().unwrap());
    assert!(credentials.check_password("ringside-42").unwrap());
    assert!(!credentials.check_password("ringside-43").unwrap());

    let (session, opened) = credentials.open_session("10.0.0.7").unwrap();
    let caller = credentials.caller_by_session(&session).unwrap().unwrap();
    assert_eq!(caller.role, Role::Operator);
    assert!(caller.actor.starts_with("session:"), "{}", caller.actor);
    assert!(
        !caller.actor.contains(&session[6..14]),
        "the actor never shows the id"
    );
    assert_eq!(opened, caller, "the session opened is the one looked up");

    credentials.set_password("ringside-43").unwrap();
    assert_eq!(credentials.caller_by_session(&session).unwrap(), None);
}

#[test]
fn a_token_has_its_role_until_it_is_revoked_and_only_its_digest_is_kept() {
    let (dir, credentials) = open();
    let viewer = credentials.create_token("overlay 1", Role::Viewer).unwrap();
    let operator = credentials.create_token("deck", Role::Operator).unwrap();
    assert_eq!(
        credentials.caller_by_token(&viewer).unwrap().unwrap().role,
        Role::Viewer
    );
    let caller = credentials.caller_by_token(&operator).unwrap().unwrap();
    assert_eq!(caller.actor, "token:deck");
    assert_eq!(caller.role, Role::Operator);
    assert!(matches!(
        credentials.create_token("deck", Role::Viewer),
        Err(Error::TokenNameTaken(_))
    ));
    assert!(matches!(
        credentials.create_token("bad/name", Role::Viewer),
        Err(Error::BadTokenName)
    ));
    let listed = credentials.tokens().unwrap();
    assert_eq!(listed.len(), 2);
    assert!(listed.iter().all(|token| token.last_used_at_us.is_some()));

    assert!(credentials.revoke_token("deck").unwrap());
    assert!(!credentials.revoke_token("deck").unwrap());
    assert_eq!(credentials.caller_by_token(&operator).unwrap(), None);
    assert_eq!(credentials.caller_by_token("vta_t_made-up").unwrap(), None);

    // A second connection (the CLI beside the server) sees the revocation at once.
    let other = Credentials::open(&dir.path().join("vta.sqlite3")).unwrap();
    assert!(other.revoke_token("overlay 1").unwrap());
    assert_eq!(credentials.caller_by_token(&viewer).unwrap(), None);

    let bytes = std::fs::read(dir.path().join("vta.sqlite3")).unwrap();
    for value in [&viewer, &operator] {
        assert!(
            !bytes.windows(value.len()).any(|w| w == value.as_bytes()),
            "a token value is in the database file"
        );
    }
}

#[test]
fn an_unmigrated_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.sqlite3");
    rusqlite_free_create(&path);
    let err = Credentials::open(&path).unwrap_err();
    assert!(matches!(err, Error::NotMigrated(_)), "{err}");
}

/// An empty SQLite file without going through `store`.
fn rusqlite_free_create(path: &std::path::Path) {
    std::fs::write(path, b"").unwrap();
}
