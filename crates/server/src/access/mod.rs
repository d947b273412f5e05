//! Who may reach which route: every route is added with an [`Access`] rule, and nothing
//! answers without its rule being checked.
//!
//! - [`Guarded`] is the only way routes are added to the router: each `get`/`post`/... takes
//!   the route's rule and wraps its handler in the check (`guard::require`), which marks the
//!   answer as checked. [`route_table`] lists every rule, for the test that compares it with
//!   the OpenAPI description and for `API.md`.
//! - `guard::screen` runs before routing on every request: the `Host` check on a loopback
//!   bind, the `Origin` check on state-changing requests and WebSocket upgrades, and who the
//!   caller is (a session cookie, a device token). Afterwards it refuses to pass on an `/api`
//!   answer that no rule checked (a route added around [`Guarded`]), so a missing rule fails
//!   closed and loudly.
//! - [`ListenerPolicy`] says what the listener demands: on loopback no credential (the
//!   operator's own machine) but a `Host` naming this listener; anywhere else, or behind a
//!   reverse proxy, a credential for everything but the static UI files and the sign-in.

mod guard;

use std::net::SocketAddr;

use axum::handler::Handler;
use axum::http::Method;
use axum::routing::MethodRouter;
use axum::Router;

use crate::state::AppState;

pub(crate) use guard::{fallback, screen, Identity, SESSION_COOKIE};

/// What a change touched, for its audit row, when the concrete path does not say it (the
/// setting keys a `PUT /api/settings` changed). A handler sets it as a response extension
/// (`Extension(AuditTarget(...))`); never a value, only names.
#[derive(Debug, Clone)]
pub(crate) struct AuditTarget(pub String);

/// What a route demands of its caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Access {
    /// Anyone who passes the `Host` and `Origin` checks: the sign-in and its status.
    Public,
    /// A viewer or an operator: reading the state, the feed and the overlays' data.
    Viewer,
    /// An operator: every change, and what shows configuration (logs, connections, audit).
    Operator,
}

impl Access {
    /// The rule's name in the route table and `API.md`.
    pub fn as_str(self) -> &'static str {
        match self {
            Access::Public => "public",
            Access::Viewer => "viewer",
            Access::Operator => "operator",
        }
    }
}

/// One route's rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteRule {
    /// The HTTP method.
    pub method: Method,
    /// The path as the router has it (`/api/obs/connections/{name}`).
    pub path: &'static str,
    /// What the route demands.
    pub access: Access,
}

/// What the HTTP listener demands of requests, from where it is bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListenerPolicy {
    /// The bound address; `None` for a router driven in-process (tests), which is treated as
    /// a loopback listener on any port.
    pub bound: Option<SocketAddr>,
    /// Requests come through a reverse proxy on this machine (which terminates TLS): every
    /// request needs a credential although the bind is loopback, the `Host` is the venue's
    /// name for the proxy, and cookies are `Secure` when the proxy says it spoke HTTPS.
    pub behind_proxy: bool,
}

impl ListenerPolicy {
    /// The policy of a listener bound to `bound`.
    pub fn bound_to(bound: SocketAddr, behind_proxy: bool) -> ListenerPolicy {
        ListenerPolicy {
            bound: Some(bound),
            behind_proxy,
        }
    }

    /// Whether requests need a credential: off loopback, or behind a proxy.
    pub fn needs_credentials(&self) -> bool {
        self.behind_proxy || self.bound.is_some_and(|bound| !bound.ip().is_loopback())
    }

    /// Whether the `Host` must name this loopback listener (DNS rebinding).
    fn checks_host(&self) -> bool {
        !self.needs_credentials()
    }
}

/// Builds the router one ruled route at a time.
pub(crate) struct Guarded {
    router: Router<AppState>,
    state: AppState,
    rules: Vec<RouteRule>,
}

impl Guarded {
    /// An empty router whose checks read `state`.
    pub(crate) fn new(state: AppState) -> Guarded {
        Guarded {
            router: Router::new(),
            state,
            rules: Vec::new(),
        }
    }

    fn add(
        mut self,
        method: Method,
        path: &'static str,
        access: Access,
        route: MethodRouter<AppState>,
    ) -> Guarded {
        let check =
            axum::middleware::from_fn_with_state((self.state.clone(), access), guard::require);
        self.router = self.router.route(path, route.route_layer(check));
        self.rules.push(RouteRule {
            method,
            path,
            access,
        });
        self
    }

    /// A `GET` route with its rule.
    pub(crate) fn get<H: Handler<T, AppState>, T: 'static>(
        self,
        path: &'static str,
        access: Access,
        handler: H,
    ) -> Guarded {
        self.add(Method::GET, path, access, axum::routing::get(handler))
    }

    /// A `POST` route with its rule.
    pub(crate) fn post<H: Handler<T, AppState>, T: 'static>(
        self,
        path: &'static str,
        access: Access,
        handler: H,
    ) -> Guarded {
        self.add(Method::POST, path, access, axum::routing::post(handler))
    }

    /// A `PUT` route with its rule.
    pub(crate) fn put<H: Handler<T, AppState>, T: 'static>(
        self,
        path: &'static str,
        access: Access,
        handler: H,
    ) -> Guarded {
        self.add(Method::PUT, path, access, axum::routing::put(handler))
    }

    /// A `DELETE` route with its rule.
    pub(crate) fn delete<H: Handler<T, AppState>, T: 'static>(
        self,
        path: &'static str,
        access: Access,
        handler: H,
    ) -> Guarded {
        self.add(Method::DELETE, path, access, axum::routing::delete(handler))
    }

    /// The router and its rules.
    pub(crate) fn finish(self) -> (Router<AppState>, Vec<RouteRule>) {
        (self.router, self.rules)
    }
}

/// Every route's rule, in the order the router adds them.
pub fn route_table(state: AppState) -> Vec<RouteRule> {
    let mut rules = crate::routes_guarded(state.clone()).finish().1;
    rules.extend(crate::ws_route(state).finish().1);
    rules
}
