//! Signing in and the credentials themselves: the sign-in status, sign-in and sign-out
//! (a session cookie), the operator password, and device tokens (create, list, revoke).
//! Token values are answered once, at creation; passwords never.

use std::time::Instant;

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::access::Identity;
use crate::error::ApiError;
use crate::state::AppState;

/// Runs a credential call off the async runtime (Argon2id takes tens of milliseconds).
async fn credentials<T: Send + 'static>(
    state: &AppState,
    work: impl FnOnce(&auth::Credentials) -> auth::Result<T> + Send + 'static,
) -> Result<T, ApiError> {
    let credentials = state.credentials.clone();
    tokio::task::spawn_blocking(move || work(&credentials))
        .await
        .map_err(|err| ApiError::internal("the credential check was interrupted", &err))?
        .map_err(auth_error)
}

fn auth_error(err: auth::Error) -> ApiError {
    match err {
        auth::Error::PasswordTooShort => {
            ApiError::invalid_field("invalid_password", "new_password", err.to_string())
        }
        auth::Error::BadTokenName => {
            ApiError::invalid_field("invalid_token", "name", err.to_string())
        }
        auth::Error::TokenNameTaken(_) => {
            ApiError::coded(StatusCode::CONFLICT, "name_taken", err.to_string())
        }
        other => ApiError::internal("the credentials could not be read or written", &other),
    }
}

/// `GET /api/auth/status`: whether a password is set, whether sign-in is needed here, and
/// who the caller is.
pub async fn status(
    State(state): State<AppState>,
    Extension(identity): Extension<Identity>,
) -> Result<Json<Value>, ApiError> {
    let password_set = credentials(&state, |c| c.password_is_set()).await?;
    let caller = identity.caller.as_ref();
    Ok(Json(json!({
        "password_set": password_set,
        "sign_in_required": state.listener().needs_credentials(),
        "signed_in": caller.is_some(),
        "role": caller.map(|caller| caller.role.as_str()),
        "actor": caller.map(|caller| caller.actor.clone()),
        "may_set_first_password": !password_set && may_set_first_password(&state, &identity),
    })))
}

/// Body of `POST /api/auth/login`. No `Debug`: it holds the password.
#[derive(Deserialize)]
pub struct SignIn {
    password: String,
}

/// `POST /api/auth/login`: the operator password for a session cookie; failures are
/// limited per address.
pub async fn login(
    State(state): State<AppState>,
    Extension(identity): Extension<Identity>,
    headers: HeaderMap,
    Json(body): Json<SignIn>,
) -> Result<Response, ApiError> {
    let address = identity.peer.map(|peer| peer.ip());
    if let Some(address) = address {
        let limiter = state.sign_ins.lock().unwrap_or_else(|e| e.into_inner());
        if let Err(refused) = limiter.check(address, Instant::now()) {
            drop(limiter);
            state.audit_sign_in(&identity, "sign_in_refused");
            let seconds = refused.retry_after.as_secs().max(1);
            let mut response = ApiError::coded(
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_sign_ins",
                format!("too many failed sign-ins from {address}; try again in {seconds} s"),
            )
            .into_response();
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
            return Ok(response);
        }
    }
    let password = body.password;
    let good = credentials(&state, move |c| c.check_password(&password)).await?;
    if !good {
        if let Some(address) = address {
            state
                .sign_ins
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .failed(address, Instant::now());
        }
        state.audit_sign_in(&identity, "sign_in_failed");
        return Err(ApiError::coded(
            StatusCode::UNAUTHORIZED,
            "wrong_password",
            "that is not the operator password",
        ));
    }
    if let Some(address) = address {
        state
            .sign_ins
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .succeeded(address);
    }
    let from = address.map_or_else(|| "in-process".to_owned(), |address| address.to_string());
    let (session, caller) = credentials(&state, move |c| c.open_session(&from)).await?;
    let signed_in = Identity {
        caller: Some(caller.clone()),
        ..identity
    };
    state.audit_sign_in(&signed_in, "sign_in");
    let cookie = session_cookie(
        &session,
        secure(&state, &headers),
        auth::SESSION_LIFETIME.as_secs(),
    );
    let mut response = Json(json!({ "role": "operator", "actor": caller.actor })).into_response();
    response.headers_mut().insert(header::SET_COOKIE, cookie);
    Ok(response)
}

/// `POST /api/auth/logout`: ends the caller's session and clears its cookie.
pub async fn logout(
    State(state): State<AppState>,
    Extension(identity): Extension<Identity>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if let Some(session) = identity.session.clone() {
        credentials(&state, move |c| c.close_session(&session)).await?;
        state.audit_sign_in(&identity, "sign_out");
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        session_cookie("", secure(&state, &headers), 0),
    );
    Ok(response)
}

/// Body of `PUT /api/auth/password`. No `Debug`: it holds passwords.
#[derive(Deserialize)]
pub struct NewPassword {
    /// The password now; needed unless none is set yet.
    current_password: Option<String>,
    new_password: String,
}

/// `PUT /api/auth/password`: sets the first operator password (from the court laptop
/// itself), or changes it (an operator, with the current one). Every session ends.
pub async fn set_password(
    State(state): State<AppState>,
    Extension(identity): Extension<Identity>,
    Json(body): Json<NewPassword>,
) -> Result<StatusCode, ApiError> {
    let password_set = credentials(&state, |c| c.password_is_set()).await?;
    if password_set {
        let is_operator = identity
            .caller
            .as_ref()
            .is_some_and(|c| c.role == auth::Role::Operator);
        if !is_operator {
            return Err(ApiError::coded(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "sign in as the operator to change the password",
            ));
        }
        let current = body.current_password.unwrap_or_default();
        if !credentials(&state, move |c| c.check_password(&current)).await? {
            state.audit_sign_in(&identity, "password_change_refused");
            return Err(ApiError::invalid_field(
                "wrong_password",
                "current_password",
                "that is not the current operator password",
            ));
        }
    } else if !may_set_first_password(&state, &identity) {
        return Err(ApiError::coded(
            StatusCode::FORBIDDEN,
            "not_from_here",
            "the first operator password is set on the court laptop itself (http://127.0.0.1) or with `vta auth set-password`",
        ));
    }
    let new_password = body.new_password;
    credentials(&state, move |c| c.set_password(&new_password)).await?;
    state.audit_sign_in(&identity, "password_set");
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/auth/tokens`: every device token (names and roles, never values).
pub async fn tokens(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let tokens = credentials(&state, |c| c.tokens()).await?;
    Ok(Json(Value::Array(
        tokens
            .into_iter()
            .map(|token| {
                json!({
                    "name": token.name,
                    "role": token.role.as_str(),
                    "created_at_us": token.created_at_us,
                    "last_used_at_us": token.last_used_at_us,
                })
            })
            .collect(),
    )))
}

/// Body of `POST /api/auth/tokens`.
#[derive(Debug, Deserialize)]
pub struct NewToken {
    name: String,
    role: String,
}

/// `POST /api/auth/tokens`: a new device token; its value is in this answer only.
pub async fn create_token(
    State(state): State<AppState>,
    Json(body): Json<NewToken>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let role = auth::Role::parse(&body.role).ok_or_else(|| {
        ApiError::invalid_field("invalid_token", "role", "role is operator or viewer")
    })?;
    let name = body.name.clone();
    let token = credentials(&state, move |c| c.create_token(&name, role)).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "name": body.name, "role": role.as_str(), "token": token })),
    ))
}

/// `DELETE /api/auth/tokens/{name}`: revokes a token; refused from its next request on.
pub async fn revoke_token(
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> Result<StatusCode, ApiError> {
    let shown = name.clone();
    if credentials(&state, move |c| c.revoke_token(&name)).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::not_found(format!("no token named {shown:?}")))
    }
}

/// The first password may be set from the court laptop itself: a loopback listener, or a
/// request from a loopback address that did not come through a proxy.
fn may_set_first_password(state: &AppState, identity: &Identity) -> bool {
    let policy = state.listener();
    !policy.needs_credentials()
        || (!policy.behind_proxy && identity.peer.is_some_and(|peer| peer.ip().is_loopback()))
}

/// Whether the cookie must be `Secure`: the proxy in front said it spoke HTTPS.
fn secure(state: &AppState, headers: &HeaderMap) -> bool {
    state.listener().behind_proxy
        && headers
            .get("x-forwarded-proto")
            .and_then(|value| value.to_str().ok())
            .is_some_and(|proto| proto.eq_ignore_ascii_case("https"))
}

fn session_cookie(value: &str, secure: bool, max_age: u64) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let cookie = format!(
        "{}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}",
        crate::access::SESSION_COOKIE
    );
    // The value is base64url and the rest fixed text: always a valid header value.
    HeaderValue::from_str(&cookie)
        .unwrap_or_else(|_| HeaderValue::from_static("vta_session=; Max-Age=0"))
}
