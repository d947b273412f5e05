//! Rebuilding the live match after a restart, from the datagrams already in the store.

use std::sync::Arc;

use tracing::info;

use crate::ingest::Pipeline;

/// A pipeline that carries on where the stored feed stopped: the next sequence number follows
/// the highest stored one, and the last match is folded again from its stored datagrams.
pub fn resume(reader: &store::Reader, schema: Arc<pss::Schema>) -> store::Result<Pipeline> {
    let next_seq = reader.max_seq()?.map_or(1, |seq| seq + 1);
    let mut pipeline = Pipeline::new(schema, next_seq);
    if let Some(match_id) = reader.last_match_id()? {
        let datagrams = reader.datagrams_from(match_id as u64)?;
        for datagram in &datagrams {
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
