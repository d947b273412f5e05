//! The licence through the real router: `GET`/`PUT /api/licence`, the snapshot's `licence` and
//! the feed's `licence` message. Licences are signed with a key made for each test; the state
//! verifies with its public half, for a machine code the test picks.

use std::time::{SystemTime, UNIX_EPOCH};

use app::licence::LicenceHandle;
use axum::http::{Method, StatusCode};
use licence::{sign, Date, Fingerprint, SigningKey, Terms, Verifier};
use serde_json::{json, Value};

use crate::common::{connect, next_of, start, Fixture};

/// A key pair made for this test only.
fn throw_away_key() -> SigningKey {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).expect("random seed");
    SigningKey::from_bytes(&seed)
}

fn machine() -> Fingerprint {
    Fingerprint::of_machine_id("court-1-laptop")
}

fn days_from_today(days: i64) -> Date {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64;
    Date::from_unix_seconds((now + days * 86_400) as u64)
}

fn terms(machine: Fingerprint, expires: Date) -> Terms {
    Terms {
        licensee: "Dojang Open".into(),
        machine,
        issued: days_from_today(-30),
        expires,
        features: Vec::new(),
    }
}

/// The fixture with its licence judged by `key`'s public half for [`machine`].
fn with_test_licence(mut fixture: Fixture, key: &SigningKey) -> Fixture {
    let handle = LicenceHandle::load(
        Verifier::new(key.verifying_key()),
        Ok(machine()),
        fixture.dir.path(),
    );
    fixture.state = fixture.state.clone().with_licence(handle);
    fixture
}

#[tokio::test]
async fn without_a_licence_the_snapshot_and_the_route_say_missing_with_this_machines_code() {
    let fixture = start().await;
    let code = Fingerprint::of_this_machine().expect("machine id");
    let expected = json!({
        "status": "missing",
        "licensee": null,
        "expires": null,
        "fingerprint": code.as_str(),
        "reason": "no licence is installed",
    });
    let (status, body) = fixture.call(Method::GET, "/api/licence", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, expected);
    let mut client = connect(fixture.http, "").await;
    let snapshot = next_of(&mut client, "snapshot").await;
    assert_eq!(snapshot["licence"], expected, "{snapshot}");
    fixture.stop().await;
}

#[tokio::test]
async fn a_valid_licence_is_installed_sent_to_clients_and_read_at_the_next_start() {
    let key = throw_away_key();
    let fixture = with_test_licence(start().await, &key);
    let mut client = connect(fixture.http, "").await;
    next_of(&mut client, "snapshot").await;

    let expires = days_from_today(200);
    let text = sign(&terms(machine(), expires), &key);
    let (status, body) = fixture
        .call(Method::PUT, "/api/licence", Some(json!({ "text": text })))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let expected = json!({
        "status": "valid",
        "licensee": "Dojang Open",
        "expires": expires.to_string(),
        "fingerprint": machine().as_str(),
        "reason": null,
    });
    assert_eq!(body, expected);
    let message = next_of(&mut client, "licence").await;
    assert_eq!(message["licence"], expected);
    assert!(message["seq"].as_u64().is_some(), "{message}");
    let (_, read_back) = fixture.call(Method::GET, "/api/licence", None).await;
    assert_eq!(read_back, expected);

    let file = fixture.dir.path().join(app::licence::LICENCE_FILE);
    assert_eq!(std::fs::read_to_string(&file).expect("saved"), text);
    let next_start = LicenceHandle::load(
        Verifier::new(key.verifying_key()),
        Ok(machine()),
        fixture.dir.path(),
    );
    assert_eq!(next_start.check().status(), licence::Status::Valid);
    fixture.stop().await;
}

#[tokio::test]
async fn refused_licences_are_422_with_the_reason_and_change_nothing() {
    let key = throw_away_key();
    let fixture = with_test_licence(start().await, &key);
    let other_machine = Fingerprint::of_machine_id("someone-elses-laptop");
    let genuine = sign(&terms(machine(), days_from_today(200)), &key);
    let cases: Vec<(String, String)> = vec![
        (
            sign(&terms(other_machine.clone(), days_from_today(200)), &key),
            format!(
                "the licence is for the machine {other_machine}, this one is {}",
                machine()
            ),
        ),
        (
            sign(&terms(machine(), days_from_today(-1)), &key),
            format!("the licence expired on {}", days_from_today(-1)),
        ),
        (
            genuine.replace("Dojang Open", "Dojang Closed"),
            "the signature does not match: the file was altered or is not from the vendor".into(),
        ),
        (
            sign(&terms(machine(), days_from_today(200)), &throw_away_key()),
            "the signature does not match: the file was altered or is not from the vendor".into(),
        ),
        (
            "no licence here".into(),
            "not a licence file: expected ident at line 1 column 2".into(),
        ),
    ];
    for (text, reason) in cases {
        let (status, body) = fixture
            .call(Method::PUT, "/api/licence", Some(json!({ "text": text })))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["error"]["code"], "licence_refused");
        assert_eq!(body["error"]["message"], Value::from(reason));
    }
    for bad_body in [
        json!({}),
        json!({ "text": 7 }),
        json!({ "text": "", "more": 1 }),
    ] {
        let (status, body) = fixture
            .call(Method::PUT, "/api/licence", Some(bad_body))
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(body["error"]["code"], "bad_request");
    }
    assert!(!fixture.dir.path().join(app::licence::LICENCE_FILE).exists());
    let (_, body) = fixture.call(Method::GET, "/api/licence", None).await;
    assert_eq!(body["status"], "missing");
    fixture.stop().await;
}

#[tokio::test]
async fn a_licence_for_another_machine_found_at_start_shows_its_terms_and_why() {
    let key = throw_away_key();
    let fixture = start().await;
    let other_machine = Fingerprint::of_machine_id("someone-elses-laptop");
    let expires = days_from_today(90);
    std::fs::write(
        fixture.dir.path().join(app::licence::LICENCE_FILE),
        sign(&terms(other_machine.clone(), expires), &key),
    )
    .expect("write");
    let fixture = with_test_licence(fixture, &key);
    let (status, body) = fixture.call(Method::GET, "/api/licence", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body,
        json!({
            "status": "wrong_machine",
            "licensee": "Dojang Open",
            "expires": expires.to_string(),
            "fingerprint": machine().as_str(),
            "reason": format!(
                "the licence is for the machine {other_machine}, this one is {}",
                machine()
            ),
        })
    );
    fixture.stop().await;
}
