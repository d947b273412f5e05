//! The route table's access rules, in-process over every route.

use std::collections::BTreeSet;

use axum::http::{Method, StatusCode};
use serde_json::Value;

use crate::common;

/// Every `(method, path, x-access)` the OpenAPI description lists.
fn described() -> BTreeSet<(String, String, String)> {
    let doc: Value = serde_json::from_str(server::OPENAPI).expect("openapi parses");
    let mut operations = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("path item") {
            let access = operation["x-access"]
                .as_str()
                .unwrap_or_else(|| panic!("{method} {path} has no x-access in openapi.json"));
            operations.insert((method.to_uppercase(), path.clone(), access.to_owned()));
        }
    }
    operations
}

/// A concrete URI for a route path (`{id}` -> `1`, `{name}` -> `nobody`).
fn concrete(path: &str) -> String {
    path.replace("{id}", "1").replace("{name}", "nobody")
}

async fn send(router: axum::Router, method: &str, uri: &str) -> (StatusCode, Value) {
    let method = Method::from_bytes(method.as_bytes()).expect("method");
    common::call_router(router, method, uri, None).await
}

#[tokio::test]
async fn every_route_has_an_access_rule_and_the_openapi_description_says_the_same() {
    let fixture = common::start().await;
    let table: BTreeSet<_> = server::route_table(fixture.state.clone())
        .into_iter()
        .map(|rule| {
            (
                rule.method.to_string(),
                rule.path.to_owned(),
                rule.access.as_str().to_owned(),
            )
        })
        .collect();
    let described = described();
    let undocumented: Vec<_> = table.difference(&described).collect();
    let unrouted: Vec<_> = described.difference(&table).collect();
    assert!(
        undocumented.is_empty() && unrouted.is_empty(),
        "routes whose rule openapi.json does not state: {undocumented:?}; \
         described but without that rule in the router: {unrouted:?}"
    );
    fixture.stop().await;
}

#[tokio::test]
async fn no_route_answers_without_its_rule_being_checked() {
    let fixture = common::start().await;
    // On the in-process (loopback) listener the caller is the operator: every route runs.
    for (method, path, _) in described() {
        if path == "/api/ws" {
            continue; // an upgrade, checked over a socket in websocket.rs and vta's tests
        }
        let (status, body) = send(
            server::router(fixture.state.clone()),
            &method,
            &concrete(&path),
        )
        .await;
        assert_ne!(
            body["error"]["code"], "no_access_rule",
            "{method} {path} answered {status} without its rule being checked"
        );
    }
    fixture.stop().await;
}

#[tokio::test]
async fn off_loopback_every_route_but_the_sign_in_is_refused_without_a_credential() {
    let fixture = common::start().await;
    let state = fixture
        .state
        .clone()
        .with_listener(server::ListenerPolicy::bound_to(
            ([0, 0, 0, 0], 8080).into(),
            false,
        ));
    for (method, path, access) in described() {
        let (status, body) = send(server::router(state.clone()), &method, &concrete(&path)).await;
        if access == "public" {
            assert_ne!(status, StatusCode::UNAUTHORIZED, "{method} {path}: {body}");
        } else {
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{method} {path}: {body}");
            let message = body["error"]["message"].as_str().unwrap_or_default();
            assert!(
                message.contains("vta auth set-password"),
                "{method} {path}: {message}"
            );
        }
    }
    // A method a path does not have is the router's 405, not a missing rule.
    let (status, body) = send(
        server::router(fixture.state.clone()),
        "DELETE",
        "/api/state",
    )
    .await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{body}");
    // Paths no route has are refused the same way, so they tell nothing of the API.
    let (status, _) = send(server::router(state.clone()), "GET", "/api/no-such-route").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // The UI's files carry no data and hold the sign-in page.
    let (status, _) = send(server::router(state), "GET", "/").await;
    assert_ne!(status, StatusCode::UNAUTHORIZED);
    fixture.stop().await;
}
