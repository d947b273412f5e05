//! Live logs for the operator: a tracing [`LogLayer`] that keeps the last lines in a
//! [`LogBook`] (`GET /api/logs`) and hands them to [`forward`], which puts the info-and-above
//! lines on the feed as `{"type": "log"}` messages.
//!
//! The logger never waits here: a line is pushed into a bounded ring under a short lock and
//! sent on a broadcast channel that drops the oldest lines for a slow reader. Lines logged
//! while a line is being recorded are dropped, and lines of the feed and WebSocket themselves
//! stay out of the feed, so a log line can never cause another. A line carries the fields of
//! the spans it was logged in (outermost first, e.g. a replay's `match_id` and `conn`), then
//! its own, which win over a span's field of the same name. Filtering is the subscriber's.

use std::cell::Cell;
use std::collections::VecDeque;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use serde_json::{json, Map, Value};
use tokio::sync::broadcast;
use tokio_util::sync::CancellationToken;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::layer::Context;
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::Layer;

use crate::feed::Feed;

/// Lines kept in memory by default.
pub const DEFAULT_CAPACITY: usize = 2000;
/// Lines a slow feed forwarder may fall behind by before it skips some.
const CHANNEL_CAPACITY: usize = 1024;
/// Targets whose lines stay out of the feed (the feed's own machinery).
const NOT_FORWARDED: [&str; 2] = ["server::feed", "server::ws"];

/// How severe a line is (tracing's TRACE counts as debug).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum LogLevel {
    /// Details for a developer.
    Debug,
    /// What happens.
    Info,
    /// Something went wrong that the program works around.
    Warn,
    /// Something failed.
    Error,
}

impl LogLevel {
    /// `debug`, `info`, `warn`, `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            LogLevel::Debug => "debug",
            LogLevel::Info => "info",
            LogLevel::Warn => "warn",
            LogLevel::Error => "error",
        }
    }

    /// The level named `text` (any case; `warning` and `trace` too).
    pub fn parse(text: &str) -> Option<LogLevel> {
        match text.to_ascii_lowercase().as_str() {
            "trace" | "debug" => Some(LogLevel::Debug),
            "info" => Some(LogLevel::Info),
            "warn" | "warning" => Some(LogLevel::Warn),
            "error" => Some(LogLevel::Error),
            _ => None,
        }
    }

    fn of(level: &Level) -> LogLevel {
        match *level {
            Level::ERROR => LogLevel::Error,
            Level::WARN => LogLevel::Warn,
            Level::INFO => LogLevel::Info,
            _ => LogLevel::Debug,
        }
    }
}

/// One log line.
#[derive(Debug, Clone, PartialEq)]
pub struct LogLine {
    /// Position among the lines of this run, from 1.
    pub seq: u64,
    /// Wall time, µs since the Unix epoch.
    pub at_us: i64,
    /// Severity.
    pub level: LogLevel,
    /// The module that logged it, e.g. `app::ingest`.
    pub target: String,
    /// The message.
    pub message: String,
    /// The other fields, by name, as text.
    pub fields: Vec<(String, String)>,
}

impl LogLine {
    /// The line as `LogLine` in API.md.
    pub fn to_json(&self) -> Value {
        let fields: Map<String, Value> = self
            .fields
            .iter()
            .map(|(name, value)| (name.clone(), Value::from(value.as_str())))
            .collect();
        json!({
            "seq": self.seq,
            "at_us": self.at_us,
            "level": self.level.as_str(),
            "target": self.target,
            "message": self.message,
            "fields": fields,
        })
    }
}

/// The last lines of this run; cheap to clone, every clone sees the same lines.
#[derive(Debug, Clone)]
pub struct LogBook {
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    capacity: usize,
    next_seq: AtomicU64,
    // std Mutex: held to push or copy out lines, never across an await.
    lines: Mutex<VecDeque<Arc<LogLine>>>,
    sender: broadcast::Sender<Arc<LogLine>>,
}

impl LogBook {
    /// An empty book that keeps the last `capacity` lines.
    pub fn new(capacity: usize) -> LogBook {
        LogBook {
            shared: Arc::new(Shared {
                capacity: capacity.max(1),
                next_seq: AtomicU64::new(1),
                lines: Mutex::new(VecDeque::with_capacity(capacity.max(1))),
                sender: broadcast::channel(CHANNEL_CAPACITY).0,
            }),
        }
    }

    /// Numbers and keeps a line (the oldest goes when the book is full) and announces it.
    pub fn push(
        &self,
        level: LogLevel,
        target: &str,
        message: String,
        fields: Vec<(String, String)>,
    ) -> u64 {
        let at_us = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |since| since.as_micros() as i64);
        let mut lines = self.shared.lines.lock().unwrap_or_else(|e| e.into_inner());
        let seq = self.shared.next_seq.fetch_add(1, Ordering::Relaxed);
        let line = Arc::new(LogLine {
            seq,
            at_us,
            level,
            target: target.to_owned(),
            message,
            fields,
        });
        if lines.len() == self.shared.capacity {
            lines.pop_front();
        }
        lines.push_back(Arc::clone(&line));
        drop(lines);
        let _ = self.shared.sender.send(line);
        seq
    }

    /// The last `limit` lines at `min_level` or above, oldest first.
    pub fn recent(&self, min_level: LogLevel, limit: usize) -> Vec<Arc<LogLine>> {
        let lines = self.shared.lines.lock().unwrap_or_else(|e| e.into_inner());
        let mut picked: Vec<Arc<LogLine>> = lines
            .iter()
            .rev()
            .filter(|line| line.level >= min_level)
            .take(limit)
            .cloned()
            .collect();
        picked.reverse();
        picked
    }

    /// Every line pushed from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<LogLine>> {
        self.shared.sender.subscribe()
    }

    /// The tracing layer that writes into this book.
    pub fn layer(&self) -> LogLayer {
        LogLayer { book: self.clone() }
    }
}

/// A tracing layer that records every event it sees into a [`LogBook`].
#[derive(Debug, Clone)]
pub struct LogLayer {
    book: LogBook,
}

thread_local! {
    /// Set while this thread records a line; an event logged meanwhile is dropped.
    static RECORDING: Cell<bool> = const { Cell::new(false) };
}

/// A span's fields as text, kept in the span's extensions for the lines logged inside it.
struct SpanFields(Vec<(String, String)>);

impl<S> Layer<S> for LogLayer
where
    S: Subscriber + for<'lookup> LookupSpan<'lookup>,
{
    fn on_new_span(&self, attributes: &Attributes<'_>, id: &Id, context: Context<'_, S>) {
        let Some(span) = context.span(id) else {
            return;
        };
        let mut visitor = LineVisitor::default();
        attributes.record(&mut visitor);
        span.extensions_mut().insert(SpanFields(visitor.fields));
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, context: Context<'_, S>) {
        let Some(span) = context.span(id) else {
            return;
        };
        let mut visitor = LineVisitor::default();
        values.record(&mut visitor);
        let mut extensions = span.extensions_mut();
        if let Some(SpanFields(fields)) = extensions.get_mut::<SpanFields>() {
            for (name, value) in visitor.fields {
                set_field(fields, name, value);
            }
        }
    }

    fn on_event(&self, event: &Event<'_>, context: Context<'_, S>) {
        if RECORDING.with(|recording| recording.replace(true)) {
            return;
        }
        let mut fields = Vec::new();
        for span in context
            .event_scope(event)
            .into_iter()
            .flat_map(|scope| scope.from_root())
        {
            if let Some(SpanFields(span_fields)) = span.extensions().get::<SpanFields>() {
                for (name, value) in span_fields {
                    set_field(&mut fields, name.clone(), value.clone());
                }
            }
        }
        let mut visitor = LineVisitor::default();
        event.record(&mut visitor);
        for (name, value) in visitor.fields {
            set_field(&mut fields, name, value);
        }
        let metadata = event.metadata();
        self.book.push(
            LogLevel::of(metadata.level()),
            metadata.target(),
            visitor.message,
            fields,
        );
        RECORDING.with(|recording| recording.set(false));
    }
}

/// Sets the field `name` in `fields`: in its place when present, else at the end.
fn set_field(fields: &mut Vec<(String, String)>, name: String, value: String) {
    match fields.iter_mut().find(|(present, _)| *present == name) {
        Some((_, present)) => *present = value,
        None => fields.push((name, value)),
    }
}

#[derive(Default)]
struct LineVisitor {
    message: String,
    fields: Vec<(String, String)>,
}

impl Visit for LineVisitor {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.keep(field, value.to_owned());
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let mut text = String::new();
        let _ = write!(text, "{value:?}");
        self.keep(field, text);
    }
}

impl LineVisitor {
    fn keep(&mut self, field: &Field, text: String) {
        if field.name() == "message" {
            self.message = text;
        } else {
            self.fields.push((field.name().to_owned(), text));
        }
    }
}

/// Publishes every info-and-above line of `book` on `feed` until `cancel` fires.
pub async fn forward(book: LogBook, feed: Feed, cancel: CancellationToken) {
    let mut lines = book.subscribe();
    loop {
        let line = tokio::select! {
            _ = cancel.cancelled() => break,
            line = lines.recv() => line,
        };
        match line {
            Ok(line) => {
                let own = NOT_FORWARDED
                    .iter()
                    .any(|target| line.target.starts_with(target));
                if line.level >= LogLevel::Info && !own {
                    feed.publish(json!({ "type": "log", "log": line.to_json() }));
                }
            }
            // Lines skipped here are still in the book.
            Err(broadcast::error::RecvError::Lagged(_)) => {}
            Err(broadcast::error::RecvError::Closed) => break,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tracing_subscriber::layer::SubscriberExt;

    #[test]
    fn the_book_keeps_the_last_lines_with_their_fields_by_level() {
        let book = LogBook::new(3);
        let subscriber = tracing_subscriber::registry().with(book.layer());
        tracing::subscriber::with_default(subscriber, || {
            tracing::debug!(target: "app::ingest", n = 1, "one");
            tracing::info!(target: "app::ingest", conn = %"REC", "two");
            tracing::warn!(target: "app::obs", "three");
            tracing::error!(target: "app::obs", reason = "gone", "four");
        });
        let all = book.recent(LogLevel::Debug, 10);
        let messages: Vec<&str> = all.iter().map(|line| line.message.as_str()).collect();
        assert_eq!(
            messages,
            ["two", "three", "four"],
            "the first was pushed out"
        );
        assert_eq!(all[0].seq, 2);
        assert_eq!(all[0].fields, [("conn".to_owned(), "REC".to_owned())]);
        let warnings = book.recent(LogLevel::Warn, 1);
        assert_eq!(warnings.len(), 1);
        assert_eq!(
            warnings[0].to_json()["fields"],
            json!({ "reason": "gone" }),
            "strings without quotes"
        );
        assert_eq!(warnings[0].to_json()["level"], "error");
        assert_eq!(LogLevel::parse("WARNING"), Some(LogLevel::Warn));
        assert_eq!(LogLevel::parse("loud"), None);
    }

    #[test]
    fn a_line_carries_its_spans_fields_outermost_first_and_its_own_win() {
        let book = LogBook::new(10);
        let subscriber = tracing_subscriber::registry().with(book.layer());
        tracing::subscriber::with_default(subscriber, || {
            let replay = tracing::info_span!(
                "ivr",
                match_id = 7,
                conn = "REC",
                replay_id = tracing::field::Empty
            );
            let _replay = replay.enter();
            replay.record("replay_id", 3);
            let _save = tracing::info_span!("save", conn = "court-1").entered();
            tracing::info!(wait_ms = 40, "waiting");
        });
        let lines = book.recent(LogLevel::Debug, 10);
        let field = |name: &str, value: &str| (name.to_owned(), value.to_owned());
        assert_eq!(
            lines[0].fields,
            [
                field("match_id", "7"),
                field("conn", "court-1"),
                field("replay_id", "3"),
                field("wait_ms", "40"),
            ]
        );
    }
}
