//! The event feed behind the WebSocket: bus events turned into numbered JSON messages once,
//! kept in a ring buffer for clients that reconnect, and fanned out to every client.
//!
//! One task subscribes to the bus and serialises each message a single time; clients only copy
//! a shared string. A client that falls behind by more than the broadcast capacity is sent a
//! fresh snapshot instead of the messages it missed.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use app::bus::{AppEvent, Bus};
use serde_json::{json, Value};
use tokio::sync::broadcast;
use tokio_util::sync::CancellationToken;

use crate::devices::{Changed, Devices};
use crate::dto::{self, LiveContext};

/// How many messages a reconnecting client can resume from.
pub const REPLAY_BUFFER: usize = 4096;

/// One numbered message of the feed.
#[derive(Debug, Clone)]
pub struct FeedMessage {
    /// Position in the feed, from 1.
    pub seq: u64,
    /// The JSON text sent to clients.
    pub text: Arc<str>,
    /// Sent to operators only: a log line (`GET /api/logs` is an operator's route too).
    pub operator_only: bool,
}

/// The shared feed; cheap to clone.
#[derive(Debug, Clone)]
pub struct Feed {
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    next_seq: AtomicU64,
    // std Mutex: held to push or copy out a few entries, never across an await.
    buffer: Mutex<VecDeque<FeedMessage>>,
    sender: broadcast::Sender<FeedMessage>,
    datagrams_per_second_bits: AtomicU64,
    devices: Devices,
}

impl Feed {
    /// An empty feed.
    pub fn new() -> Feed {
        let (sender, _) = broadcast::channel(REPLAY_BUFFER);
        Feed {
            shared: Arc::new(Shared {
                next_seq: AtomicU64::new(1),
                buffer: Mutex::new(VecDeque::with_capacity(REPLAY_BUFFER)),
                sender,
                datagrams_per_second_bits: AtomicU64::new(0f64.to_bits()),
                devices: Devices::new(),
            }),
        }
    }

    /// Numbers `message` (an object), stores it for resuming clients and sends it to all.
    pub fn publish(&self, mut message: Value) -> u64 {
        // Numbering and buffering under one lock keeps the buffer in seq order.
        let mut buffer = self.shared.buffer.lock().unwrap_or_else(|e| e.into_inner());
        let seq = self.shared.next_seq.fetch_add(1, Ordering::Relaxed);
        message["seq"] = json!(seq);
        let entry = FeedMessage {
            seq,
            operator_only: message["type"] == "log",
            text: message.to_string().into(),
        };
        if buffer.len() == REPLAY_BUFFER {
            buffer.pop_front();
        }
        buffer.push_back(entry.clone());
        let _ = self.shared.sender.send(entry);
        seq
    }

    /// The seq of the newest message (0 when none was sent).
    pub fn last_seq(&self) -> u64 {
        self.shared.next_seq.load(Ordering::Relaxed) - 1
    }

    /// A receiver of every message published from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<FeedMessage> {
        self.shared.sender.subscribe()
    }

    /// Every buffered message after `since`, or `None` when some of them are gone.
    pub fn since(&self, since: u64) -> Option<Vec<FeedMessage>> {
        let buffer = self.shared.buffer.lock().unwrap_or_else(|e| e.into_inner());
        let oldest = buffer.front().map_or(self.last_seq() + 1, |m| m.seq);
        if since + 1 < oldest || since > self.last_seq() {
            return None;
        }
        Some(buffer.iter().filter(|m| m.seq > since).cloned().collect())
    }

    /// The OBS, recorder and replay state that [`run`] keeps from the bus.
    pub fn devices(&self) -> &Devices {
        &self.shared.devices
    }

    /// Datagrams per second over the last second, as measured by [`run`].
    pub fn datagrams_per_second(&self) -> f64 {
        f64::from_bits(
            self.shared
                .datagrams_per_second_bits
                .load(Ordering::Relaxed),
        )
    }
}

impl Default for Feed {
    fn default() -> Self {
        Feed::new()
    }
}

/// Turns bus events into feed messages until `cancel` fires; once a second it also publishes
/// the counters from `counters()`, which returns the `Counters` JSON for a given rate, and
/// the PSS sources from `pss()` (`PssSources`); and a `udp` message each time the listener
/// starts, stops or moves.
pub async fn run(
    feed: Feed,
    bus: Bus,
    ingest: app::ingest::IngestHandle,
    counters: impl Fn(f64) -> Value + Send + 'static,
    pss: impl Fn() -> Value + Send + 'static,
    cancel: CancellationToken,
) {
    let mut events = bus.subscribe();
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    let mut last_count = ingest.counters().datagrams;
    let mut udp = ingest.watch_status();
    udp.mark_unchanged();
    loop {
        tokio::select! {
            _ = cancel.cancelled() => break,
            Ok(()) = udp.changed() => {
                let status = *udp.borrow_and_update();
                feed.publish(json!({ "type": "udp", "udp": dto::udp_status(status) }));
            }
            _ = tick.tick() => {
                let count = ingest.counters().datagrams;
                let rate = count.saturating_sub(last_count) as f64;
                last_count = count;
                feed.shared.datagrams_per_second_bits.store(rate.to_bits(), Ordering::Relaxed);
                feed.publish(json!({ "type": "counters", "counters": counters(rate) }));
                feed.publish(json!({ "type": "pss", "pss": pss() }));
            }
            event = events.recv() => match event {
                Ok(event) => publish_event(&feed, &event),
                Err(broadcast::error::RecvError::Lagged(missed)) => {
                    tracing::warn!(missed, "event feed fell behind the bus; clients get a snapshot");
                    feed.publish(json!({ "type": "resync" }));
                }
                Err(broadcast::error::RecvError::Closed) => break,
            },
        }
    }
}

fn publish_event(feed: &Feed, event: &AppEvent) {
    match event {
        AppEvent::EventParsed(parsed) => {
            let (round, clock_seconds) = parsed
                .state
                .as_ref()
                .map_or((0, None), |s| (s.round, s.clock.map(|c| c.seconds)));
            let context = LiveContext {
                seq: parsed.seq,
                match_id: parsed.match_id,
                round,
                clock_seconds,
                received_at_us: parsed.received_at_us,
            };
            let events: Vec<Value> = parsed
                .messages
                .iter()
                .enumerate()
                .map(|(index, message)| dto::parsed_event(context, index, message))
                .collect();
            let domain_events: Vec<Value> = parsed
                .domain_events
                .iter()
                .map(|e| json!({ "kind": e.kind(), "side": e.side().map(pss::Side::as_str) }))
                .collect();
            feed.publish(json!({
                "type": "datagram",
                "datagram_seq": parsed.seq,
                "received_at_us": parsed.received_at_us,
                "match_id": parsed.match_id,
                "events": events,
                "domain_events": domain_events,
            }));
            if let Some(state) = &parsed.state {
                feed.publish(json!({
                    "type": "state",
                    "state": dto::live_match(parsed.match_id, state),
                }));
            }
        }
        AppEvent::EventStored { up_to_seq } => {
            feed.publish(json!({ "type": "stored", "up_to_seq": up_to_seq }));
        }
        AppEvent::ObsStatus { .. } | AppEvent::Recorder(_) | AppEvent::IvrStatus(_) => {
            let devices = feed.devices();
            match devices.apply(event) {
                Some(Changed::Obs) => {
                    feed.publish(json!({ "type": "obs", "obs": devices.obs_json() }));
                }
                Some(Changed::Recording) => {
                    feed.publish(
                        json!({ "type": "recording", "recording": devices.recording_json() }),
                    );
                }
                Some(Changed::Replay) => {
                    feed.publish(json!({ "type": "replay", "replay": devices.replay_json() }));
                }
                None => {}
            }
        }
        // The player loads the clip; the operator follows the replay through IvrStatus.
        AppEvent::ClipReady { .. } => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resume_returns_what_followed_or_nothing_when_it_is_gone() {
        let feed = Feed::new();
        for n in 0..10 {
            feed.publish(json!({ "type": "t", "n": n }));
        }
        assert_eq!(feed.last_seq(), 10);
        let after = feed.since(7).expect("still buffered");
        assert_eq!(after.iter().map(|m| m.seq).collect::<Vec<_>>(), [8, 9, 10]);
        assert_eq!(feed.since(10).expect("up to date").len(), 0);
        assert!(feed.since(11).is_none(), "a seq from another server run");
        for n in 0..REPLAY_BUFFER {
            feed.publish(json!({ "type": "t", "n": n }));
        }
        assert!(feed.since(3).is_none(), "pushed out of the buffer");
        assert!(after[0].text.contains("\"seq\":8"));
    }
}
