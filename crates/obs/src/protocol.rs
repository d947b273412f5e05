//! The obs-websocket v5 wire format: op codes, message envelopes, close codes and the
//! authentication string.
//!
//! Only the socket task and the fake test servers use these types; callers see the typed areas in
//! [`crate::client`] and the events in [`crate::Event`]. Every field that 5.0 through 5.7 may omit
//! is optional here.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// The RPC version this client speaks.
pub const RPC_VERSION: u32 = 1;

/// Event subscription bits for `Identify.eventSubscriptions`: every non-high-volume category
/// (general, config, scenes, inputs, transitions, filters, outputs, scene items, media inputs,
/// vendors, UI).
pub const EVENT_SUBSCRIPTION_ALL: u32 = 0x7FF;

/// Close code: the authentication string was wrong.
pub const CLOSE_AUTHENTICATION_FAILED: u16 = 4009;
/// Close code: OBS invalidated the session (the client was kicked).
pub const CLOSE_SESSION_INVALIDATED: u16 = 4011;

/// Request status: success.
pub const STATUS_SUCCESS: u16 = 100;
/// Request status: the server is not ready yet (OBS still starting); worth retrying.
pub const STATUS_NOT_READY: u16 = 207;
/// Request status: the request type is unknown to this server.
pub const STATUS_UNKNOWN_REQUEST_TYPE: u16 = 204;

/// Op codes of the v5 protocol.
pub mod op {
    /// Server -> client, first message.
    pub const HELLO: u8 = 0;
    /// Client -> server, answers Hello.
    pub const IDENTIFY: u8 = 1;
    /// Server -> client, the session is ready.
    pub const IDENTIFIED: u8 = 2;
    /// Server -> client, an event.
    pub const EVENT: u8 = 5;
    /// Client -> server, one request.
    pub const REQUEST: u8 = 6;
    /// Server -> client, the answer to one request.
    pub const REQUEST_RESPONSE: u8 = 7;
    /// Client -> server, several requests.
    pub const REQUEST_BATCH: u8 = 8;
    /// Server -> client, the answers to a batch.
    pub const REQUEST_BATCH_RESPONSE: u8 = 9;
}

/// Every v5 message: an op code and its data.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Envelope {
    /// The op code.
    pub op: u8,
    /// The message body; its shape depends on `op`.
    #[serde(default)]
    pub d: Value,
}

/// Data of `Hello` (op 0).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Hello {
    /// e.g. `5.1.0`.
    #[serde(default)]
    pub obs_web_socket_version: Option<String>,
    /// The newest RPC version the server speaks.
    pub rpc_version: u32,
    /// Present when the server requires a password.
    #[serde(default)]
    pub authentication: Option<AuthChallenge>,
}

/// The challenge and salt from `Hello`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AuthChallenge {
    /// Changes per connection.
    pub challenge: String,
    /// Fixed per password.
    pub salt: String,
}

/// Data of `Identify` (op 1).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Identify {
    /// The RPC version we speak.
    pub rpc_version: u32,
    /// The authentication string, when the server asked for one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authentication: Option<String>,
    /// Which event categories to receive.
    pub event_subscriptions: u32,
}

/// Data of `Identified` (op 2).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Identified {
    /// The RPC version the session uses.
    pub negotiated_rpc_version: u32,
}

/// Data of `Request` (op 6) and of one entry of a batch.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    /// e.g. `GetVersion`.
    pub request_type: String,
    /// Matches the answer to its caller.
    pub request_id: String,
    /// The parameters, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_data: Option<Value>,
}

/// The status part of a response.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RequestStatus {
    /// True on success.
    pub result: bool,
    /// 100 on success, see the protocol's RequestStatus table otherwise.
    pub code: u16,
    /// OBS's explanation of a failure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// Data of `RequestResponse` (op 7) and of one entry of a batch response.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestResponse {
    /// Echo of the request type.
    pub request_type: String,
    /// Echo of the request id (absent in batch results when the request had none).
    #[serde(default)]
    pub request_id: Option<String>,
    /// Success or failure.
    pub request_status: RequestStatus,
    /// The answer's fields, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_data: Option<Value>,
}

/// Data of `RequestBatch` (op 8).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestBatch {
    /// Matches the answer to its caller.
    pub request_id: String,
    /// Stop at the first failed request.
    pub halt_on_failure: bool,
    /// The requests in order.
    pub requests: Vec<Request>,
}

/// Data of `RequestBatchResponse` (op 9).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestBatchResponse {
    /// Echo of the batch id.
    pub request_id: String,
    /// One result per executed request.
    pub results: Vec<RequestResponse>,
}

/// Data of `Event` (op 5).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EventMessage {
    /// e.g. `RecordStateChanged`.
    pub event_type: String,
    /// The event's fields, if any.
    #[serde(default)]
    pub event_data: Option<Value>,
}

/// The v5 authentication string:
/// `base64(sha256(base64(sha256(password + salt)) + challenge))`.
pub fn authentication_string(password: &str, salt: &str, challenge: &str) -> String {
    let secret = BASE64.encode(Sha256::digest(format!("{password}{salt}").as_bytes()));
    BASE64.encode(Sha256::digest(format!("{secret}{challenge}").as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authentication_string_matches_a_vector_made_with_openssl() {
        // printf 'supersecretpassword<salt>' | openssl dgst -sha256 -binary | base64, then the same
        // over secret + challenge.
        let actual = authentication_string(
            "supersecretpassword",
            "lM1GncleQOaCu9lT1yeUZhFYnqhsLLP1G5lAGo3ixaI=",
            "+IxH4CnCiqpX1rM9scsNynZzbOe4KhDeYcTNS3PDaeY=",
        );
        assert_eq!(actual, "1Ct943GAT+6YQUUX47Ia/ncufilbe6+oD6lY+5kaCu4=");
    }

    #[test]
    fn request_data_is_omitted_when_absent() {
        let request = Request {
            request_type: "GetVersion".into(),
            request_id: "1".into(),
            request_data: None,
        };
        let text = serde_json::to_string(&request).unwrap();
        assert_eq!(text, r#"{"requestType":"GetVersion","requestId":"1"}"#);
    }
}
