//! The clean-up rounds and the followers of the change feed, run for the
//! life of the server.

use crate::BackOffice;
use echoppe_domain::Timestamp;
use echoppe_storage::FeedPosition;
use std::time::Duration;

/// How long a stored photo nothing refers to is kept: far longer than the
/// moment between storing an upload and writing the row that uses it.
const PHOTO_GRACE: Duration = Duration::from_secs(3600);

/// How long changes stay in the feed search follows: a node down for longer
/// rebuilds its index when it comes back.
const FEED_KEPT: Duration = Duration::from_secs(24 * 3600);

/// Hours of listings' hourly statistics kept: the dashboards read days;
/// hours serve a look at the last weeks, and 200,000 listings' hours would
/// otherwise grow by millions of rows a day.
const STATISTICS_HOURS_KEPT: i64 = 31 * 24;

/// The lease of the shared clean-up, and how much longer than a round it
/// lasts: the holder renews it every round, a dead holder's runs out.
const HOUSEKEEPING_LEASE: &str = "housekeeping";
const HOUSEKEEPING_SLACK: Duration = Duration::from_secs(60);

impl BackOffice {
    /// Periodic clean-up, run for the life of the server by one node of a
    /// cluster at a time (the `housekeeping` lease, held from one round to
    /// the next so another takes over if this one dies): expired sessions
    /// leave the database, photos nothing refers to leave the photo store,
    /// and the change feed, old carts, idempotency keys and hourly
    /// statistics are pruned.
    pub async fn housekeeping(self, every: Duration) {
        let mut ticks = tokio::time::interval(every);
        loop {
            ticks.tick().await;
            if self.db.is_closed() {
                return;
            }
            match self.db.hold_lease(HOUSEKEEPING_LEASE, &self.node, every + HOUSEKEEPING_SLACK).await {
                Ok(true) => self.clean_up().await,
                Ok(false) => tracing::debug!("another node does the housekeeping"),
                Err(error) => tracing::warn!(%error, "taking the housekeeping lease failed; will retry"),
            }
        }
    }

    /// One round of the shared clean-up; each part retried next round if it fails.
    async fn clean_up(&self) {
        match self.db.delete_expired_sessions(Timestamp::now()).await {
            Ok(removed) => tracing::debug!(removed, "expired sessions removed"),
            Err(error) => tracing::warn!(%error, "removing expired sessions failed; will retry"),
        }
        if let Err(error) = self.sweep_photos().await {
            tracing::warn!(%error, "sweeping unused photos failed; will retry");
        }
        if let Err(error) = echoppe_search::prune_feed(&self.db, FEED_KEPT).await {
            tracing::warn!(%error, "pruning the change feed failed; will retry");
        }
        if let Err(error) = self.forget_stale_checkout_data().await {
            tracing::warn!(%error, "forgetting old carts and idempotency keys failed; will retry");
        }
        let hour = Timestamp::now().unix().div_euclid(3600);
        if let Err(error) = self.db.prune_statistics(hour, STATISTICS_HOURS_KEPT).await {
            tracing::warn!(%error, "pruning old hourly statistics failed; will retry");
        }
    }

    /// Visitors' carts outlive their session by a day at most, and
    /// idempotency keys are kept a day: retries come within minutes.
    async fn forget_stale_checkout_data(&self) -> Result<(), echoppe_storage::Error> {
        let day_ago = Timestamp::now().before(Duration::from_secs(24 * 3600));
        let carts = self.db.forget_visitor_carts(day_ago).await?;
        let keys = self.db.forget_idempotency_keys(day_ago).await?;
        if carts + keys > 0 {
            tracing::info!(cart_lines = carts, idempotency_keys = keys, "old carts and idempotency keys forgotten");
        }
        Ok(())
    }

    /// Deletes photos no listing or shop uses, an hour after they were stored.
    async fn sweep_photos(&self) -> Result<usize, SweepError> {
        // The keys in use are read first: a photo stored after this read is
        // younger than the grace period, so it is kept.
        let in_use = self.db.photo_keys_in_use().await?;
        let deleted = self.photos.sweep_unused(&in_use, PHOTO_GRACE).await?;
        if deleted > 0 {
            tracing::info!(deleted, "unused photos removed from the store");
        }
        Ok(deleted)
    }

    /// Expires, every `every`, the orders whose payment did not come in time,
    /// putting their items back on sale.
    pub async fn expire_unpaid_orders(self, every: Duration) {
        let mut ticks = tokio::time::interval(every);
        loop {
            ticks.tick().await;
            if self.db.is_closed() {
                return;
            }
            match self.db.expire_unpaid(Timestamp::now(), 500).await {
                Ok(0) => {}
                Ok(expired) => tracing::info!(expired, "unpaid orders expired; their items are back on sale"),
                Err(error) => tracing::warn!(%error, "expiring unpaid orders failed; will retry"),
            }
        }
    }

    /// Keeps the search index following the catalogue's changes for the
    /// life of the server: every `every` normally, five times less often
    /// when busy and ten times less in surge. Each look that finds changes
    /// commits a segment (merges follow), and on a busy night the changes
    /// are mostly stock going down with each order: the crowd needs the
    /// CPU more than a sold-out listing needs to leave the results a second
    /// sooner. Listing pages follow the feed on their own, as often in
    /// every mode, so an edit still shows on its page within a second.
    pub async fn follow_catalogue_in_search(self, every: Duration) {
        let modes = self.modes.clone();
        let pace = move || modes.current().stretched(every, 5, 10);
        self.search.clone().follow(self.db.clone(), pace).await;
    }

    /// Forgets the cached pages of listings as they change, for the life of
    /// the server.
    pub async fn forget_changed_pages(self, every: Duration) {
        let mut position = self.db.feed_position().await.unwrap_or(FeedPosition(0));
        loop {
            tokio::time::sleep(every).await;
            if self.db.is_closed() {
                return;
            }
            match self.db.changes_after(position, 1000).await {
                Ok((ids, reached)) => {
                    self.page_cache.forget_listings(ids.into_iter().map(echoppe_domain::ListingId::get));
                    position = reached;
                }
                Err(error) => tracing::warn!(%error, "reading the change feed for the page cache failed; will retry"),
            }
        }
    }

    /// Writes the statistics counted, every `every` normally, three times
    /// less often when busy and six times less in surge, for the life of
    /// the server. Each flush writes a row per listing and per shop seen
    /// since the last one, and in a crowd nearly every shop is seen every
    /// few seconds: flushing less often writes the same counts in fewer
    /// rows, for a few more seconds at risk on a crash.
    pub async fn keep_statistics(self, every: Duration) {
        let modes = self.modes.clone();
        let pace = move || modes.current().stretched(every, 3, 6);
        self.statistics.clone().keep_flushing(pace).await;
    }

    /// Writes the statistics counted since the last flush: the server's
    /// last act before it closes the database, so a graceful stop loses
    /// none.
    pub async fn flush_statistics(&self) {
        if let Err(error) = self.statistics.flush().await {
            tracing::warn!(%error, "writing the last statistics failed; they are lost");
        }
    }
}

/// Why unused photos could not be swept.
#[derive(Debug, thiserror::Error)]
enum SweepError {
    #[error(transparent)]
    Database(#[from] echoppe_storage::Error),
    #[error(transparent)]
    Photos(#[from] echoppe_media::MediaError),
}
