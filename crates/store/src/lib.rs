//! SQLite persistence for reStrike VTA: every received datagram, the messages parsed from it,
//! and the match archive (matches, athletes, tournaments and their days).
//!
//! Only this crate opens the database. [`Store::open`] opens (creating and migrating) the file
//! and starts the one writer thread; ingest sends [`IngestRecord`]s through a [`StoreHandle`],
//! which waits when the writer falls behind (back-pressure, counted in [`StoreMetrics`]) and
//! never drops a datagram. The writer commits a transaction per batch (at most
//! [`StoreConfig::batch_max`] datagrams or [`StoreConfig::batch_interval`] after the first) and
//! then raises [`StoreHandle::committed`], the highest sequence number safely on disk. Queries
//! go through a [`Reader`], a read-only connection that runs beside the writer (WAL).
//!
//! # Layout
//!
//! - `config`: [`StoreConfig`].
//! - `record`: what ingest sends ([`IngestRecord`], [`EventRecord`], [`MatchSnapshot`]), and
//!   the stored datagrams it takes into a match afterwards ([`AdoptedMatch`]).
//! - `store`: [`Store`] and [`StoreHandle`].
//! - `queue`: the bounded queue to the writer and [`StoreMetrics`].
//! - `writer`: the writer thread: batching, retries.
//! - `schema`: opening the file (WAL, `synchronous = FULL`, why) and the migrations.
//! - `event_columns`: how a message becomes an `events` row (a table of kinds).
//! - `archive`: how a match snapshot becomes `matches` and `athletes` rows, and the active day;
//!   adopting stored datagrams into a match.
//! - `reader` and `rows`: [`Reader`] and the typed rows it returns.
//! - `obs_tables`: OBS connections, recordings, stream sessions and the `rec_timestamp` view;
//!   written through the writer's queue like datagrams.
//! - `operator_tables`: the operator's settings (key -> JSON text) and marks.
//! - `ivr_tables`: one row per instant video replay with each stage's time, and the
//!   `event_ivr_links` view (`ivr_link` and the offset inside the clip).
//! - `media_archive`: recordings and challenge clips in one filtered, paged list with their
//!   match ([`Reader::media_archive`]), and the recording that covers a moment.
//!
//! Architecture invariant: the store never reads a clock for data; every time it writes comes
//! from a receive stamp in its input (the tournament row's creation time is the one exception).
//!
//! # Example
//!
//! ```
//! use store::{IngestRecord, Store, StoreConfig};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let folder = tempfile::tempdir()?;
//! let store = Store::open(StoreConfig::new(folder.path().join("vta.sqlite")))?;
//! let handle = store.handle();
//! let runtime = tokio::runtime::Builder::new_current_thread().build()?;
//! runtime.block_on(async {
//!     let record = IngestRecord {
//!         seq: 1,
//!         received_at_us: 1_700_000_000_000_000,
//!         source: "192.168.1.20:50000".parse().unwrap(),
//!         bytes: b"avt;0;".to_vec(),
//!         events: Vec::new(),
//!         match_snapshot: None,
//!         folded: true,
//!     };
//!     handle.append(record).await?;
//!     handle.flush().await
//! })?;
//! assert_eq!(*handle.committed().borrow(), 1);
//! assert_eq!(store.reader()?.datagram_count()?, 1);
//! store.close()?;
//! # Ok(())
//! # }
//! ```

mod archive;
mod config;
mod error;
mod event_columns;
mod ivr_tables;
mod media_archive;
mod obs_tables;
mod operator_tables;
mod queue;
mod reader;
mod record;
mod rows;
mod schema;
mod store;
mod writer;

pub use config::StoreConfig;
pub use error::{Error, Result};
pub use event_columns::EventColumns;
pub use ivr_tables::{EventIvrLink, IvrChallengeProgress, IvrChallengeRow, IvrChallengeStart};
pub use media_archive::{MediaAthlete, MediaFilter, MediaKind, MediaRow, NOTABLE_EVENT_KINDS};
pub use obs_tables::{
    write_connection as write_obs_connection, EventRecordingOffset, ObsConnectionRow, RecordingRow,
    RecordingStart, RecordingStop, StreamSessionRow, StreamSessionStart, StreamSessionStop,
};
pub use operator_tables::{MarkFilter, MarkRow, MarkStart};
pub use queue::StoreMetrics;
pub use reader::Reader;
pub use record::{
    AdoptedDatagram, AdoptedMatch, EventContext, EventRecord, IngestRecord, MatchSnapshot,
    ParseStatus,
};
pub use rows::{
    ChallengeRow, DatagramRow, EventFilter, EventRow, Filing, MatchFilter, MatchRow, MatchSideRow,
    TournamentDay,
};
pub use schema::{copy_to_backups, SCHEMA_VERSION};
pub use store::{Store, StoreHandle};
