//! Rebuilding the live match after a restart, from the datagrams already in the store.

use std::sync::Arc;

use tracing::info;

use crate::ingest::Pipeline;

/// A pipeline that carries on where the stored feed stopped: the next sequence number follows
/// the highest stored one, and the last match is folded again from its stored datagrams (those
/// that were folded the first time: not the PSS's while manual mode was on).
pub fn resume(reader: &store::Reader, schema: Arc<pss::Schema>) -> store::Result<Pipeline> {
    let next_seq = reader.max_seq()?.map_or(1, |seq| seq + 1);
    let mut pipeline = Pipeline::new(schema, next_seq);
    if let Some(match_id) = reader.last_match_id()? {
        let datagrams = reader.datagrams_from(match_id as u64)?;
        // Datagrams ignored in manual mode were not folded then and are not now.
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

        let rebuilt = resume(&store.reader().unwrap(), schema).unwrap();
        assert_eq!(rebuilt.next_seq(), 7);
        assert_eq!(rebuilt.match_id(), Some(1));
        assert_eq!(rebuilt.state(), pipeline.state());
        assert_eq!(rebuilt.state().blue.score, 3);
        store.close().unwrap();
    }
}
