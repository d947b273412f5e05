//! From received bytes to a stored record and a bus event: parse, fold, give the match a key.
//!
//! Synchronous and free of sockets, so the listener, the restart rebuild and benchmarks share
//! it. Matches are keyed by the sequence number of the datagram that loaded them, which the
//! ingest knows at once, so nothing waits for the database to hand out an id.

use std::net::SocketAddr;
use std::sync::Arc;

use match_state::{DomainEvent, MatchState};
use pss::{Message, Schema};
use store::{EventContext, EventRecord, IngestRecord, MatchSnapshot};

use crate::bus::ParsedDatagram;

/// A datagram as it came off the socket, stamped at once.
#[derive(Debug, Clone)]
pub struct Received {
    /// The datagram's bytes, exactly as received.
    pub bytes: Vec<u8>,
    /// The sender's address.
    pub source: SocketAddr,
    /// Receive wall time, µs since the Unix epoch.
    pub received_at_us: i64,
}

/// What [`Pipeline::process`] makes of one datagram.
#[derive(Debug)]
pub struct Processed {
    /// The row set for the store.
    pub record: IngestRecord,
    /// The event for the bus.
    pub parsed: Arc<ParsedDatagram>,
    /// How many parts of the datagram could not be read.
    pub n_errors: usize,
}

/// The parse-and-fold state of one court's feed.
#[derive(Debug)]
pub struct Pipeline {
    schema: Arc<Schema>,
    state: MatchState,
    match_id: Option<i64>,
    next_seq: u64,
}

impl Pipeline {
    /// A pipeline reading with `schema` whose first datagram gets sequence number `next_seq`.
    pub fn new(schema: Arc<Schema>, next_seq: u64) -> Pipeline {
        Pipeline {
            schema,
            state: MatchState::new(),
            match_id: None,
            next_seq,
        }
    }

    /// The live match state.
    pub fn state(&self) -> &MatchState {
        &self.state
    }

    /// The key of the current match, if any datagram opened one.
    pub fn match_id(&self) -> Option<i64> {
        self.match_id
    }

    /// The sequence number the next datagram will get.
    pub fn next_seq(&self) -> u64 {
        self.next_seq
    }

    /// The protocol schema in use.
    pub fn schema(&self) -> &Arc<Schema> {
        &self.schema
    }

    /// Replaces the protocol schema for the datagrams that follow.
    pub fn set_schema(&mut self, schema: Arc<Schema>) {
        self.schema = schema;
    }

    /// Folds an already stored datagram again (after a restart), without producing records.
    pub fn replay(&mut self, seq: u64, bytes: &[u8], received_at_us: i64) {
        self.replay_in_context(seq, bytes, received_at_us);
    }

    /// [`Pipeline::replay`], returning the match context each of its messages got, in wire
    /// order (for a stored datagram taken into the live match afterwards).
    pub fn replay_in_context(
        &mut self,
        seq: u64,
        bytes: &[u8],
        received_at_us: i64,
    ) -> Vec<EventContext> {
        let parsed = self.schema.parse(bytes);
        let mut domain_events = Vec::new();
        let mut contexts = Vec::with_capacity(parsed.messages.len());
        for message in &parsed.messages {
            self.fold(seq, message, received_at_us, &mut domain_events);
            contexts.push(self.context());
        }
        self.next_seq = self.next_seq.max(seq + 1);
        contexts
    }

    /// Parses and folds one received datagram and gives it the next sequence number.
    pub fn process(&mut self, received: Received) -> Processed {
        let messages = self.parse(&received.bytes);
        self.process_parsed(received, messages)
    }

    /// Reads a datagram with the schema in use, without numbering or folding it.
    pub fn parse(&self, bytes: &[u8]) -> Vec<Message> {
        self.schema.parse(bytes).messages
    }

    /// [`Pipeline::process`] for a datagram already read by [`Pipeline::parse`].
    pub fn process_parsed(&mut self, received: Received, messages: Vec<Message>) -> Processed {
        let (seq, n_errors) = self.number(&messages);
        let mut domain_events = Vec::new();
        let mut events = Vec::with_capacity(messages.len());
        for message in &messages {
            self.fold(seq, message, received.received_at_us, &mut domain_events);
            let context = self.context();
            events.push(EventRecord {
                message: message.clone(),
                match_id: context.match_id,
                round: context.round,
                clock_seconds: context.clock_seconds,
            });
        }
        let changed = !domain_events.is_empty();
        let match_changed = domain_events
            .iter()
            .any(|event| !matches!(event, DomainEvent::ClockTick { .. }));
        let state = changed.then(|| Arc::new(self.state.clone()));
        let match_snapshot = match (match_changed, self.match_id, &state) {
            (true, Some(match_id), Some(state)) => Some(MatchSnapshot {
                match_id,
                state: Arc::clone(state),
            }),
            _ => None,
        };
        let parsed = Arc::new(ParsedDatagram {
            seq,
            received_at_us: received.received_at_us,
            source: received.source,
            messages,
            domain_events,
            match_id: self.match_id,
            state,
        });
        let record = IngestRecord {
            seq,
            received_at_us: received.received_at_us,
            source: received.source,
            bytes: received.bytes,
            events,
            match_snapshot,
            folded: true,
        };
        Processed {
            record,
            parsed,
            n_errors,
        }
    }

    /// Gives one received datagram the next sequence number and parses it for the store,
    /// without folding it into the match (manual mode): its events belong to no match and the
    /// record says it was not folded. Returns the record and how many parts were unreadable.
    pub fn process_unfolded(&mut self, received: Received) -> (IngestRecord, usize) {
        let messages = self.parse(&received.bytes);
        self.unfolded_parsed(received, messages)
    }

    /// [`Pipeline::process_unfolded`] for a datagram already read by [`Pipeline::parse`]
    /// (manual mode, or a source that is not followed).
    pub fn unfolded_parsed(
        &mut self,
        received: Received,
        messages: Vec<Message>,
    ) -> (IngestRecord, usize) {
        let (seq, n_errors) = self.number(&messages);
        let events = messages
            .into_iter()
            .map(|message| EventRecord {
                message,
                match_id: None,
                round: None,
                clock_seconds: None,
            })
            .collect();
        let record = IngestRecord {
            seq,
            received_at_us: received.received_at_us,
            source: received.source,
            bytes: received.bytes,
            events,
            match_snapshot: None,
            folded: false,
        };
        (record, n_errors)
    }

    /// Gives a datagram the next sequence number: the number, and how many of its parts could
    /// not be read.
    fn number(&mut self, messages: &[Message]) -> (u64, usize) {
        let seq = self.next_seq;
        self.next_seq += 1;
        (seq, messages.iter().filter(|m| m.is_raw()).count())
    }

    /// The match, round and clock a message folded now belongs to.
    fn context(&self) -> EventContext {
        EventContext {
            match_id: self.match_id,
            round: (self.state.round > 0).then_some(self.state.round),
            clock_seconds: self.state.clock.map(|clock| clock.seconds),
        }
    }

    fn fold(&mut self, seq: u64, message: &Message, at_us: i64, out: &mut Vec<DomainEvent>) {
        let before = out.len();
        self.state.apply_into(message, at_us, out);
        let loaded = out[before..]
            .iter()
            .any(|e| matches!(e, DomainEvent::MatchLoaded));
        if loaded || (self.match_id.is_none() && opens_match(message)) {
            self.match_id = Some(seq as i64);
        }
    }
}

/// Whether a message only makes sense inside a match, so that a feed joined mid-match (no
/// `pre;FightLoaded` seen) still gets a match to attach to. A source whose datagram holds one
/// is loading or playing a fight (what `auto` follows).
pub(crate) fn opens_match(message: &Message) -> bool {
    !matches!(
        message,
        Message::UdpConnected { .. }
            | Message::UdpDisconnected { .. }
            | Message::Other { .. }
            | Message::Raw { .. }
            | Message::Clock { .. }
            | Message::Break { .. }
            | Message::HitLevel { .. }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fight between DESMOND and THIBAULT, loaded, ready and scored, on the wire.
    const FIGHT: &[&str] = &[
        "Udp Port 6000 connected;",
        "pre;FightLoaded;",
        "at1;N. DESMOND;Nicolas DESMOND;MRN;at2;M. THIBAULT;Marcel THIBAULT;SUI;",
        "mch;101;Round of 16;M- 80 kg;1;#0000ff;#FFFFFF;#ff0000;#FFFFFF;a14ddd5c;Senior;3;120;cntDown;18;1;",
        "rnd;1;",
        "rdy;FightReady;",
        "clk;2:00;start;",
        "pt1;3;",
        "sc1;3;sc2;0;",
    ];

    fn fought() -> Pipeline {
        let mut pipeline = Pipeline::new(Arc::new(pss::Schema::v2_3().clone()), 1);
        for text in FIGHT {
            pipeline.process(received(text));
        }
        pipeline
    }

    fn received(text: &str) -> Received {
        Received {
            bytes: text.as_bytes().to_vec(),
            source: "10.0.0.11:6000".parse().unwrap(),
            received_at_us: 1_000,
        }
    }

    /// Issue #20: a match load without a match number is kept raw with its reason; the live
    /// match is neither split nor renamed, and what follows is still its own.
    #[test]
    fn an_mch_with_every_field_empty_mid_fight_changes_nothing() {
        let mut pipeline = fought();
        let before = pipeline.state().clone();
        let processed = pipeline.process(received("mch;;;;;;;;;;;;;;;;"));
        assert_eq!(processed.n_errors, 1);
        assert_eq!(
            processed.parsed.messages,
            [Message::Raw {
                text: "mch;;;;;;;;;;;;;;;".into(),
                reason: "mch: number is empty".into(),
            }]
        );
        assert_eq!(processed.record.events[0].match_id, Some(2));
        assert!(processed.record.match_snapshot.is_none());
        assert_eq!(pipeline.state(), &before);
        assert_eq!(pipeline.match_id(), Some(2), "the match loaded at seq 2");

        let processed = pipeline.process(received("sc1;5;"));
        assert_eq!(processed.parsed.match_id, Some(2));
        let state = pipeline.state();
        assert_eq!(state.blue.score, 5);
        let config = state.config.as_ref().expect("configured");
        assert_eq!(
            (config.number.as_str(), config.match_id.as_str()),
            ("101", "a14ddd5c")
        );
    }

    /// Issue #20: `at1;;;;at2;;;;` in the middle of a fight parses as two empty athletes (the
    /// protocol keeps empty fields empty) and names nobody: the fight's athletes stay.
    #[test]
    fn empty_athletes_mid_fight_keep_the_fights_athletes() {
        let mut pipeline = fought();
        let before = pipeline.state().clone();
        let processed = pipeline.process(received("at1;;;;at2;;;;"));
        assert_eq!(processed.n_errors, 0);
        assert_eq!(processed.parsed.messages.len(), 2);
        assert!(processed.parsed.domain_events.is_empty());
        assert_eq!(pipeline.state(), &before);
        let names = |side: &match_state::SideState| {
            side.athlete.as_ref().map(|athlete| {
                (
                    athlete.short_name.clone(),
                    athlete.long_name.clone(),
                    athlete.ioc.clone(),
                )
            })
        };
        assert_eq!(
            names(&pipeline.state().blue),
            Some(("N. DESMOND".into(), "Nicolas DESMOND".into(), "MRN".into()))
        );
        assert_eq!(
            names(&pipeline.state().red),
            Some(("M. THIBAULT".into(), "Marcel THIBAULT".into(), "SUI".into()))
        );
        assert_eq!(pipeline.match_id(), Some(2));
    }
}
