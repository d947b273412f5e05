//! The one error type of the API: a status, a stable code and a message a person can act on.
//! Internal causes go to the log, never to the client.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// An API failure as the client sees it.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
    line: Option<usize>,
    field: Option<String>,
}

impl ApiError {
    /// 400: the request itself is wrong.
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    /// 404: nothing at that address or id.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    /// 409: the request conflicts with the machine's state (e.g. a port in use).
    pub fn conflict(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::CONFLICT, "conflict", message)
    }

    /// 503: the part that would do this is not running.
    pub fn unavailable(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", message)
    }

    /// 422: a protocol file was refused; `line` is 1-based.
    pub fn protocol_refused(line: usize, message: impl Into<String>) -> ApiError {
        let mut error = ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "protocol_refused",
            message,
        );
        error.line = Some(line);
        error
    }

    /// Any status with its own stable code (`name_taken`, `no_recording`, ...).
    pub fn coded(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::new(status, code, message)
    }

    /// 422: a field of the body was refused; `field` is its dotted path
    /// (`replay.lead_seconds`), `code` says what kind of body (`invalid_setting`).
    pub fn invalid_field(
        code: &'static str,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> ApiError {
        let mut error = ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code, message);
        error.field = Some(field.into());
        error
    }

    /// 409 with its own code: the request needs another mode (e.g. `not_manual`).
    pub fn wrong_mode(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::CONFLICT, code, message)
    }

    /// 500: our failure; the cause is logged, the client gets `what` only.
    pub fn internal(what: &str, cause: &dyn std::fmt::Display) -> ApiError {
        tracing::error!(%cause, "{what}");
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", what)
    }

    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
            line: None,
            field: None,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut error = json!({ "code": self.code, "message": self.message });
        if let Some(line) = self.line {
            error["line"] = json!(line);
        }
        if let Some(field) = self.field {
            error["field"] = json!(field);
        }
        (self.status, Json(json!({ "error": error }))).into_response()
    }
}

impl From<store::Error> for ApiError {
    fn from(err: store::Error) -> ApiError {
        ApiError::internal("the database could not be read", &err)
    }
}
