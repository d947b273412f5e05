//! The licence is judged against today's date (UTC), so it can expire while the program runs.
//! [`announce_changes`] judges it again every minute and sends a `licence` message on the feed
//! when the judgement changed, so the operator's screens show it without a reload.

use std::time::Duration;

use serde_json::{json, Value};
use tokio::time::MissedTickBehavior;
use tokio_util::sync::CancellationToken;

use crate::feed::Feed;

/// How often the licence is judged again.
pub(crate) const EVERY: Duration = Duration::from_secs(60);

/// Sends `{"type": "licence", "licence": ...}` on `feed` each time `judge` gives another
/// `Licence` than at the look before, looking every `every`, until `cancel` fires. (After an
/// install, which sends its own message, the next look may send the same licence once more.)
pub(crate) async fn announce_changes(
    judge: impl Fn() -> Value,
    feed: Feed,
    every: Duration,
    cancel: CancellationToken,
) {
    let mut last = judge();
    let mut looks = tokio::time::interval(every);
    looks.set_missed_tick_behavior(MissedTickBehavior::Delay);
    looks.tick().await;
    loop {
        tokio::select! {
            _ = cancel.cancelled() => return,
            _ = looks.tick() => {}
        }
        let now = judge();
        if now != last {
            tracing::info!(status = %now["status"], "the licence changed with the date");
            feed.publish(json!({ "type": "licence", "licence": now.clone() }));
            last = now;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use tokio::sync::broadcast::error::TryRecvError;

    use super::*;

    #[tokio::test]
    async fn a_changed_judgement_is_sent_once_and_an_unchanged_one_never() {
        let licence = Arc::new(Mutex::new(json!({ "status": "valid" })));
        let feed = Feed::new();
        let mut messages = feed.subscribe();
        let cancel = CancellationToken::new();
        let judged = Arc::clone(&licence);
        let task = tokio::spawn(announce_changes(
            move || judged.lock().unwrap().clone(),
            feed.clone(),
            Duration::from_millis(5),
            cancel.clone(),
        ));
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(
            matches!(messages.try_recv(), Err(TryRecvError::Empty)),
            "nothing sent while the licence stays the same"
        );

        *licence.lock().unwrap() = json!({ "status": "expired" });
        let sent = tokio::time::timeout(Duration::from_secs(2), messages.recv())
            .await
            .expect("a licence message")
            .unwrap();
        let sent: Value = serde_json::from_str(&sent.text).unwrap();
        assert_eq!(sent["type"], "licence");
        assert_eq!(sent["licence"]["status"], "expired");
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(
            matches!(messages.try_recv(), Err(TryRecvError::Empty)),
            "sent once"
        );
        cancel.cancel();
        task.await.unwrap();
    }
}
