//! The v5 handshake: read Hello, send Identify (with the authentication string when asked), read
//! Identified.

use futures_util::SinkExt;
use serde::de::DeserializeOwned;
use tokio_tungstenite::tungstenite::Message;

use super::ConnectOptions;
use crate::protocol::{self, op, Envelope};
use crate::transport::{self, WsStream};
use crate::{Error, Result};

/// Reads the next message of the handshake.
pub(crate) async fn read_message(socket: &mut WsStream) -> Result<String> {
    transport::next_text(socket).await
}

/// Answers `hello` (the server's first message) with Identify and waits for Identified; returns
/// the negotiated RPC version. A wrong or missing password gives [`Error::AuthFailed`].
pub(crate) async fn identify(
    socket: &mut WsStream,
    hello: String,
    options: &ConnectOptions,
) -> Result<u32> {
    let hello: protocol::Hello = parse(&hello, op::HELLO)?;
    let authentication = match (&hello.authentication, &options.password) {
        (None, _) => None,
        (Some(auth), Some(password)) => Some(protocol::authentication_string(
            password.expose(),
            &auth.salt,
            &auth.challenge,
        )),
        (Some(_), None) => return Err(Error::AuthFailed),
    };
    let identify = protocol::Identify {
        rpc_version: protocol::RPC_VERSION.min(hello.rpc_version),
        authentication,
        event_subscriptions: options.event_subscriptions,
    };
    let envelope = Envelope {
        op: op::IDENTIFY,
        d: serde_json::to_value(identify).map_err(|err| Error::Protocol(err.to_string()))?,
    };
    let text = serde_json::to_string(&envelope).map_err(|err| Error::Protocol(err.to_string()))?;
    socket
        .send(Message::Text(text.into()))
        .await
        .map_err(|err| Error::Handshake(format!("cannot send Identify: {err}")))?;
    let identified = read_message(socket).await?;
    let identified: protocol::Identified = parse(&identified, op::IDENTIFIED)?;
    Ok(identified.negotiated_rpc_version)
}

/// The error when the handshake does not finish in time.
pub(crate) fn timeout_error(options: &ConnectOptions) -> Error {
    Error::Handshake(format!(
        "no Hello / Identified from {} within {} ms (not an obs-websocket v5 server?)",
        options.address(),
        options.handshake_timeout.as_millis()
    ))
}

fn parse<T: DeserializeOwned>(text: &str, expected_op: u8) -> Result<T> {
    let envelope: Envelope = serde_json::from_str(text)
        .map_err(|err| Error::Handshake(format!("bad message: {err}")))?;
    if envelope.op != expected_op {
        return Err(Error::Handshake(format!(
            "expected op {expected_op}, got op {}",
            envelope.op
        )));
    }
    serde_json::from_value(envelope.d)
        .map_err(|err| Error::Handshake(format!("bad op {expected_op} data: {err}")))
}
