//! Opening the WebSocket to OBS and telling the protocol versions apart.
//!
//! A v5 server sends Hello as soon as the socket opens; a v4 server waits for the client to speak.
//! [`first_message`] waits a short while for that first message, so one socket serves both.

use std::time::Duration;

use futures_util::StreamExt;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use crate::client::ConnectOptions;
use crate::{protocol, Error, Result};

/// The client side of an obs-websocket connection.
pub(crate) type WsStream = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// Opens `ws://host:port`.
pub(crate) async fn open(options: &ConnectOptions) -> Result<WsStream> {
    let address = options.address();
    let (socket, _) = tokio_tungstenite::connect_async(format!("ws://{address}"))
        .await
        .map_err(|err| Error::Connect {
            address,
            reason: err.to_string(),
        })?;
    Ok(socket)
}

/// The first text message within `wait`, or `None` when the server stays silent (a v4 server).
/// A close frame becomes the error its code stands for.
pub(crate) async fn first_message(socket: &mut WsStream, wait: Duration) -> Result<Option<String>> {
    match tokio::time::timeout(wait, next_text(socket)).await {
        Ok(text) => text.map(Some),
        Err(_) => Ok(None),
    }
}

/// The next text message; pings are skipped, a close frame or the end of the stream is an error.
pub(crate) async fn next_text(socket: &mut WsStream) -> Result<String> {
    loop {
        let message = match socket.next().await {
            None => {
                return Err(Error::Handshake(
                    "connection closed during the handshake".into(),
                ))
            }
            Some(Err(err)) => return Err(Error::Handshake(err.to_string())),
            Some(Ok(message)) => message,
        };
        match message {
            Message::Text(text) => return Ok(text.as_str().to_owned()),
            Message::Close(frame) => return Err(close_error(frame)),
            Message::Binary(_) => {
                return Err(Error::Handshake(
                    "binary message during the handshake".into(),
                ))
            }
            _ => continue,
        }
    }
}

/// The error a close frame during the handshake stands for.
pub(crate) fn close_error(frame: Option<CloseFrame>) -> Error {
    let Some(frame) = frame else {
        return Error::Handshake("closed without a code".into());
    };
    match u16::from(frame.code) {
        protocol::CLOSE_AUTHENTICATION_FAILED => Error::AuthFailed,
        protocol::CLOSE_SESSION_INVALIDATED => Error::Kicked,
        code => Error::Handshake(format!("closed with code {code}: {}", frame.reason)),
    }
}
