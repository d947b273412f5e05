//! The checks themselves: [`screen`] before routing, [`require`] per route, [`fallback`] for
//! paths no route has.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::Access;
use crate::error::ApiError;
use crate::state::AppState;

/// The cookie that carries a browser session.
pub(crate) const SESSION_COOKIE: &str = "vta_session";

/// Who the request comes from, as [`screen`] found it; read by [`require`] and the routes.
#[derive(Debug, Clone)]
pub(crate) struct Identity {
    /// The signed-in caller, or the operator's own machine on a loopback listener; `None`
    /// when the request carries no credential that holds.
    pub(crate) caller: Option<auth::Caller>,
    /// The peer's address; `None` in-process.
    pub(crate) peer: Option<SocketAddr>,
    /// The session id of the cookie, when one came (for sign-out).
    pub(crate) session: Option<String>,
}

impl Identity {
    /// For the audit trail: who, never the credential.
    pub(crate) fn actor(&self) -> String {
        self.caller
            .as_ref()
            .map_or_else(|| "anonymous".to_owned(), |caller| caller.actor.clone())
    }
}

/// Marks an answer whose route rule was checked; [`screen`] refuses `/api` answers without it.
#[derive(Debug, Clone, Copy)]
struct RuleChecked;

/// Before routing: `Host` and `Origin`, then who the caller is; after: no unchecked `/api`
/// answer leaves.
pub(crate) async fn screen(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let policy = state.listener();
    let headers = request.headers();
    if policy.checks_host() {
        if let Some(host) = host_of(&request) {
            if !names_loopback_listener(&host, policy.bound) {
                return ApiError::coded(
                    StatusCode::MISDIRECTED_REQUEST,
                    "wrong_host",
                    format!(
                        "this server answers only to its loopback address, not to Host {host:?}"
                    ),
                )
                .into_response();
            }
        }
    }
    let changes_state = may_change_state(request.method());
    if changes_state || is_websocket_upgrade(headers) {
        if let Some(origin) = headers.get(header::ORIGIN) {
            let host = host_of(&request);
            let same = origin
                .to_str()
                .ok()
                .and_then(origin_authority)
                .is_some_and(|authority| host.as_deref() == Some(authority));
            if !same {
                return ApiError::coded(
                    StatusCode::FORBIDDEN,
                    "foreign_origin",
                    "a page from another site may not change anything here or open the feed",
                )
                .into_response();
            }
        }
    }
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0);
    let identity = identify(&state, request.headers(), request.uri().query(), peer).await;
    request.extensions_mut().insert(identity);
    let is_api = request.uri().path().starts_with("/api");
    let response = next.run(request).await;
    // 405 (no such method on a path) and 408 (the request timed out) are the router's own
    // answers: no handler ran.
    let router_answer = matches!(
        response.status(),
        StatusCode::METHOD_NOT_ALLOWED | StatusCode::REQUEST_TIMEOUT
    );
    if is_api && !router_answer && response.extensions().get::<RuleChecked>().is_none() {
        tracing::error!("an /api route answered without an access rule; refused");
        return ApiError::coded(
            StatusCode::INTERNAL_SERVER_ERROR,
            "no_access_rule",
            "this route has no access rule",
        )
        .into_response();
    }
    response
}

/// Per route: the caller must have what `access` demands; a change that succeeded goes into
/// the audit trail (the route and its concrete path, never the body).
pub(crate) async fn require(
    State((state, access)): State<(AppState, Access)>,
    request: Request,
    next: Next,
) -> Response {
    let changes_state = may_change_state(request.method());
    let concrete = request.uri().path().to_owned();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| concrete.clone(), |matched| matched.as_str().to_owned());
    let action = format!("{} {route}", request.method());
    let identity = request.extensions().get::<Identity>().cloned();
    let role = identity
        .as_ref()
        .and_then(|identity| identity.caller.as_ref())
        .map(|caller| caller.role);
    let allowed = match access {
        Access::Public => true,
        Access::Viewer => role.is_some(),
        Access::Operator => role == Some(auth::Role::Operator),
    };
    let mut response = if allowed {
        let response = next.run(request).await;
        // Sign-ins and password changes write their own, more precise, entries.
        if changes_state && access != Access::Public && response.status().is_success() {
            if let Some(identity) = &identity {
                let target = response
                    .extensions()
                    .get::<super::AuditTarget>()
                    .map(|target| target.0.clone())
                    .or((concrete != route).then_some(concrete));
                state.audit(identity, action, target);
            }
        }
        response
    } else if role.is_some() {
        ApiError::coded(
            StatusCode::FORBIDDEN,
            "viewer_only",
            "this credential is a viewer's: it may read the state, the feed and the overlays, not change anything",
        )
        .into_response()
    } else {
        unauthorized(&state).await
    };
    response.extensions_mut().insert(RuleChecked);
    response
}

/// Paths no route has: `/api/...` is 404 for a caller and 401 for anyone else; everything
/// else is the UI's static files (no data in them: the sign-in page must load).
pub(crate) async fn fallback(State(state): State<AppState>, request: Request) -> Response {
    let path = request.uri().path();
    if !(path.starts_with("/api/") || path == "/api") {
        return crate::ui::serve(request.uri().clone()).await;
    }
    let signed_in = request
        .extensions()
        .get::<Identity>()
        .is_some_and(|identity| identity.caller.is_some());
    let mut response = if signed_in {
        ApiError::not_found(format!("no API route {path}")).into_response()
    } else {
        unauthorized(&state).await
    };
    response.extensions_mut().insert(RuleChecked);
    response
}

/// 401 with what to do: sign in, or set the first password.
async fn unauthorized(state: &AppState) -> Response {
    let credentials = state.credentials.clone();
    let set = tokio::task::spawn_blocking(move || credentials.password_is_set())
        .await
        .map_err(|err| err.to_string())
        .and_then(|set| set.map_err(|err| err.to_string()));
    let message = match set {
        Ok(true) => "sign in with the operator password, or send a device token \
                     (Authorization: Bearer <token>, or ?token=<token> for an overlay)"
            .to_owned(),
        Ok(false) => "no operator password is set, so nothing is served off loopback yet: run \
                      `vta auth set-password` on the court laptop, or open the UI there at \
                      http://127.0.0.1 and set it"
            .to_owned(),
        Err(err) => {
            tracing::error!(%err, "cannot read whether an operator password is set");
            "sign in with the operator password".to_owned()
        }
    };
    let mut response =
        ApiError::coded(StatusCode::UNAUTHORIZED, "unauthorized", message).into_response();
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        header::HeaderValue::from_static("Bearer realm=\"vta\""),
    );
    response
}

/// Who the request is: a device token (header or `?token=`), a session cookie, or on a
/// loopback listener without either, the operator's own machine.
async fn identify(
    state: &AppState,
    headers: &HeaderMap,
    query: Option<&str>,
    peer: Option<SocketAddr>,
) -> Identity {
    let token = bearer(headers).or_else(|| query.and_then(query_token));
    let session = cookie(headers, SESSION_COOKIE);
    let mut identity = Identity {
        caller: None,
        peer,
        session: session.clone(),
    };
    if token.is_some() || session.is_some() {
        let credentials = state.credentials.clone();
        let found = tokio::task::spawn_blocking(move || match (token, session) {
            (Some(token), _) => credentials.caller_by_token(&token),
            (None, Some(session)) => credentials.caller_by_session(&session),
            (None, None) => Ok(None),
        })
        .await;
        match found {
            Ok(Ok(caller)) => identity.caller = caller,
            Ok(Err(err)) => tracing::error!(%err, "cannot check a credential; refused"),
            Err(err) => tracing::error!(%err, "credential check task failed; refused"),
        }
    }
    if identity.caller.is_none() && !state.listener().needs_credentials() {
        identity.caller = Some(auth::Caller {
            actor: "local".to_owned(),
            role: auth::Role::Operator,
        });
    }
    identity
}

/// The `Host` of the request (the URI's authority for HTTP/2), lower-cased.
fn host_of(request: &Request) -> Option<String> {
    request
        .headers()
        .get(header::HOST)
        .and_then(|host| host.to_str().ok())
        .map(str::to_owned)
        .or_else(|| {
            request
                .uri()
                .authority()
                .map(|authority| authority.to_string())
        })
        .map(|host| host.to_ascii_lowercase())
}

/// Whether `host` (`127.0.0.1:8080`, `localhost:8080`, `[::1]:8080`) names this listener.
fn names_loopback_listener(host: &str, bound: Option<SocketAddr>) -> bool {
    let (name, port) = match host.rsplit_once(':') {
        Some((name, port)) if !name.is_empty() && !port.contains(']') => {
            (name, port.parse::<u16>().ok())
        }
        _ => (host, None),
    };
    let loopback_name = name == "localhost"
        || name
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    let port_matches = match bound {
        Some(bound) => port.unwrap_or(80) == bound.port(),
        None => true,
    };
    loopback_name && port_matches
}

/// `http://host:port` -> `host:port`; `None` for `null` or another form.
fn origin_authority(origin: &str) -> Option<&str> {
    let (_, rest) = origin.split_once("://")?;
    Some(rest.trim_end_matches('/'))
}

/// Whether a request of `method` may change state (all but GET, HEAD and OPTIONS).
fn may_change_state(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn is_websocket_upgrade(headers: &HeaderMap) -> bool {
    headers
        .get(header::UPGRADE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.eq_ignore_ascii_case("websocket"))
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let token = value.strip_prefix("Bearer ")?.trim();
    (!token.is_empty()).then(|| token.to_owned())
}

fn query_token(query: &str) -> Option<String> {
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix("token="))
        .filter(|token| !token.is_empty())
        .map(str::to_owned)
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .find_map(|pair| {
            let (key, value) = pair.trim().split_once('=')?;
            (key == name && !value.is_empty()).then(|| value.to_owned())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_loopback_name_with_this_port_names_the_listener() {
        let bound = Some(SocketAddr::from(([127, 0, 0, 1], 8080)));
        for host in [
            "127.0.0.1:8080",
            "localhost:8080",
            "[::1]:8080",
            "127.0.0.2:8080",
        ] {
            assert!(names_loopback_listener(host, bound), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:8080",
            "127.0.0.1:8081",
            "10.0.0.5:8080",
            "localhost.evil.example:8080",
            "127.0.0.1",
        ] {
            assert!(!names_loopback_listener(host, bound), "{host}");
        }
        assert!(names_loopback_listener("localhost", None));
    }

    #[test]
    fn origins_tokens_and_cookies_are_read_exactly() {
        assert_eq!(
            origin_authority("http://127.0.0.1:8080"),
            Some("127.0.0.1:8080")
        );
        assert_eq!(origin_authority("null"), None);
        assert_eq!(
            query_token("since=4&token=vta_t_x"),
            Some("vta_t_x".to_owned())
        );
        assert_eq!(query_token("tokens=1"), None);
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            "a=1; vta_session=vta_s_abc".parse().unwrap(),
        );
        assert_eq!(
            cookie(&headers, SESSION_COOKIE),
            Some("vta_s_abc".to_owned())
        );
        headers.insert(header::AUTHORIZATION, "Basic xyz".parse().unwrap());
        assert_eq!(bearer(&headers), None);
    }
}
