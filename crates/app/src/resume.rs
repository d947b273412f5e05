//! Rebuilding the live match from the datagrams already in the store: after a restart, and
//! when the operator follows another scoring PC.
//!
//! Two rules, one fold: a restart folds again the datagrams that were folded the first time
//! (not the PSS's while manual mode was on, nor another source's); following a source folds
//! that source's stored datagrams from the last match it loaded. A restart after such a
//! rebuild folds the same datagrams again ([`Rebuilt`] says which).

use std::sync::Arc;

use store::{AdoptedDatagram, AdoptedMatch, DatagramRow, MatchSnapshot};
use tracing::info;

use crate::ingest::{Following, Pipeline, Rebuilt, SourceFilter};

/// A pipeline that carries on where the stored feed stopped: the next sequence number follows
/// the highest stored one, and the live match is folded again from its stored datagrams.
///
/// That match is the last one loaded (those folded), unless `following` says the live match
/// was rebuilt from its source's datagrams and no match was loaded since: then it is that
/// source's, folded again from the same datagrams.
pub fn resume(
    reader: &store::Reader,
    schema: Arc<pss::Schema>,
    following: &Following,
) -> store::Result<Pipeline> {
    let next_seq = reader.max_seq()?.map_or(1, |seq| seq + 1);
    if let Some(rebuilt) = following.rebuilt {
        let filter = rebuilt.source;
        let loaded_since = reader
            .last_match_id()?
            .is_some_and(|match_id| match_id >= 0 && match_id as u64 >= rebuilt.since_seq);
        if !loaded_since {
            let from_seq = rebuilt.match_id.map_or(rebuilt.since_seq, |id| id as u64);
            let datagrams = reader.datagrams_from(from_seq)?;
            let selected: Vec<&DatagramRow> = datagrams
                .iter()
                .filter(|datagram| is_rebuilt(datagram, filter, rebuilt.since_seq))
                .collect();
            let pipeline = fold(schema, next_seq, &selected);
            info!(
                match_id = pipeline.match_id(),
                source = %filter,
                n_datagrams = selected.len(),
                "match state rebuilt from the followed source's stored datagrams"
            );
            return Ok(pipeline);
        }
    }
    let mut pipeline = Pipeline::new(schema, next_seq);
    if let Some(match_id) = reader.last_match_id()? {
        let datagrams = reader.datagrams_from(match_id as u64)?;
        // Datagrams ignored in manual mode, or from a source not followed, were not folded
        // then and are not now.
        for datagram in datagrams.iter().filter(|datagram| datagram.folded) {
            pipeline.replay(datagram.seq, &datagram.bytes, datagram.received_at_us);
        }
        info!(
            match_id,
            n_datagrams = datagrams.len(),
            "match state rebuilt from the store"
        );
    }
    Ok(pipeline)
}

/// The live match of a scoring PC rebuilt from its stored datagrams ([`rebuild_from_source`]).
#[derive(Debug)]
pub struct SourceRebuild {
    /// The pipeline holding that match, numbering on from where the feed is.
    pub pipeline: Pipeline,
    /// What a restart must fold again to rebuild it.
    pub rebuilt: Rebuilt,
    /// Its stored datagrams with the context the fold gave them, for the store to take in
    /// (`StoreHandle::adopt`).
    pub adopted: AdoptedMatch,
}

/// The live match of `filter`'s scoring PC, from its stored datagrams (every one, folded or
/// not), as the operator follows it: the last match it loaded, folded again from the
/// datagram that loaded it. The next sequence number stays `next_seq`.
pub fn rebuild_from_source(
    reader: &store::Reader,
    schema: Arc<pss::Schema>,
    filter: SourceFilter,
    next_seq: u64,
) -> store::Result<SourceRebuild> {
    let datagrams = reader.datagrams_from(1)?;
    let selected: Vec<&DatagramRow> = datagrams
        .iter()
        .filter(|datagram| datagram.seq < next_seq && filter.matches(datagram.source))
        .collect();
    // First the whole feed, to learn where its last match begins; then that match alone, as
    // a restart will fold it.
    let last_match = fold(Arc::clone(&schema), next_seq, &selected).match_id();
    let from_seq = last_match.map_or(next_seq, |id| id as u64);
    let in_match: Vec<&DatagramRow> = selected
        .into_iter()
        .filter(|datagram| datagram.seq >= from_seq)
        .collect();
    let mut pipeline = Pipeline::new(schema, next_seq);
    let datagrams = in_match
        .iter()
        .map(|datagram| AdoptedDatagram {
            seq: datagram.seq,
            received_at_us: datagram.received_at_us,
            events: pipeline.replay_in_context(
                datagram.seq,
                &datagram.bytes,
                datagram.received_at_us,
            ),
        })
        .collect();
    let snapshot = pipeline.match_id().map(|match_id| MatchSnapshot {
        match_id,
        state: Arc::new(pipeline.state().clone()),
    });
    info!(
        match_id = pipeline.match_id(),
        source = %filter,
        n_datagrams = in_match.len(),
        "match state rebuilt from the source's stored datagrams"
    );
    let rebuilt = Rebuilt {
        source: filter,
        match_id: pipeline.match_id(),
        since_seq: next_seq,
    };
    Ok(SourceRebuild {
        pipeline,
        rebuilt,
        adopted: AdoptedMatch {
            datagrams,
            snapshot,
        },
    })
}

/// Whether a stored datagram belongs to a match rebuilt from `filter`'s datagrams at
/// `since_seq`: that source's before it (stored unfolded while another was followed), the
/// folded ones from it on.
fn is_rebuilt(datagram: &DatagramRow, filter: SourceFilter, since_seq: u64) -> bool {
    if datagram.seq < since_seq {
        filter.matches(datagram.source)
    } else {
        datagram.folded
    }
}

/// A fresh pipeline that has folded `datagrams`, numbering from at least `next_seq`.
fn fold(schema: Arc<pss::Schema>, next_seq: u64, datagrams: &[&DatagramRow]) -> Pipeline {
    let mut pipeline = Pipeline::new(schema, next_seq);
    for datagram in datagrams {
        pipeline.replay(datagram.seq, &datagram.bytes, datagram.received_at_us);
    }
    pipeline
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Received;

    #[tokio::test]
    async fn datagrams_ignored_in_manual_mode_are_not_folded_again() {
        let folder = tempfile::tempdir().unwrap();
        let store =
            store::Store::open(store::StoreConfig::new(folder.path().join("vta.sqlite"))).unwrap();
        let schema = Arc::new(pss::Schema::v2_3().clone());
        let mut pipeline = Pipeline::new(Arc::clone(&schema), 1);
        let received = |text: &str| Received {
            bytes: text.as_bytes().to_vec(),
            source: "10.0.0.5:6000".parse().unwrap(),
            received_at_us: 1_000,
        };
        let handle = store.handle();
        for text in ["pre;FightLoaded;", "mch;101;Final;M-58kg;", "sc1;3;"] {
            handle
                .append(pipeline.process(received(text)).record)
                .await
                .unwrap();
        }
        // Manual mode: the PSS loads another match and scores; stored, not folded.
        for text in ["pre;FightLoaded;", "mch;202;Semi;F-49kg;", "sc1;9;"] {
            let (record, _) = pipeline.process_unfolded(received(text));
            handle.append(record).await.unwrap();
        }
        handle.flush().await.unwrap();

        let rebuilt = resume(&store.reader().unwrap(), schema, &Following::default()).unwrap();
        assert_eq!(rebuilt.next_seq(), 7);
        assert_eq!(rebuilt.match_id(), Some(1));
        assert_eq!(rebuilt.state(), pipeline.state());
        assert_eq!(rebuilt.state().blue.score, 3);
        store.close().unwrap();
    }
}
