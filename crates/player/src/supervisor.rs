//! The supervisor: keeps one mpv running for the life of the player.
//!
//! When a session is lost (mpv killed, crashed, or its socket closed) the state goes to
//! [`PlayerState::Error`], an [`PlayerEvent::Exited`] is sent, and mpv is started again after a
//! backoff that doubles on each failed start. Requests that arrive while it waits fail at once
//! with [`Error::Restarting`] instead of running late; once the new mpv is ready the state is
//! `Idle` again. It ends when the token is cancelled or every handle is dropped.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::config::PlayerConfig;
use crate::event::{PlayerEvent, ReceivedEvent};
use crate::session::{Outlets, ProcessInfo, Request, Session, SessionEnd};
use crate::state::PlayerState;
use crate::Error;

/// Everything the supervisor task owns.
pub(crate) struct Supervisor {
    pub(crate) config: PlayerConfig,
    pub(crate) requests: mpsc::Receiver<Request>,
    pub(crate) outlets: Outlets,
    pub(crate) process: Arc<Mutex<ProcessInfo>>,
    pub(crate) cancel: CancellationToken,
}

impl Supervisor {
    /// Runs `session`, then its successors, until shutdown.
    pub(crate) async fn run(mut self, mut session: Session) {
        'restarts: loop {
            let SessionEnd::Lost(mut reason) = session
                .run(&mut self.requests, &self.outlets, &self.cancel)
                .await
            else {
                break;
            };
            tracing::warn!(%reason, "mpv lost, restarting it");
            // No subscriber is fine: nobody waits for anything right now.
            let _ = self.outlets.events.send(ReceivedEvent {
                at: std::time::Instant::now(),
                event: PlayerEvent::Exited {
                    reason: reason.clone(),
                },
            });
            let mut delay = self.config.restart_backoff;
            session = loop {
                self.outlets.state.send_replace(PlayerState::Error {
                    reason: reason.clone(),
                });
                if !self.wait_refusing(delay, &reason).await {
                    break 'restarts;
                }
                let started = tokio::select! {
                    // Dropping a half-started session kills its mpv.
                    () = self.cancel.cancelled() => break 'restarts,
                    started = Session::start(&self.config) => started,
                };
                match started {
                    Ok(session) => break session,
                    Err(err) => {
                        tracing::warn!(%err, "mpv restart failed");
                        reason = err.to_string();
                        delay = delay.saturating_mul(2).min(self.config.restart_backoff_max);
                    }
                }
            };
            *self
                .process
                .lock()
                .unwrap_or_else(|poison| poison.into_inner()) = session.info.clone();
        }
        self.outlets.state.send_replace(PlayerState::Idle);
    }

    /// Waits `delay`, failing requests meanwhile. False when the player shuts down.
    async fn wait_refusing(&mut self, delay: Duration, reason: &str) -> bool {
        let sleep = tokio::time::sleep(delay);
        tokio::pin!(sleep);
        loop {
            tokio::select! {
                () = self.cancel.cancelled() => return false,
                () = &mut sleep => return true,
                request = self.requests.recv() => match request {
                    Some(request) => {
                        let _ = request.reply.send(Err(Error::Restarting {
                            reason: reason.to_owned(),
                        }));
                    }
                    None => return false,
                },
            }
        }
    }
}
