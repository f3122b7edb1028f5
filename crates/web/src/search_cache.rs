//! The results of recent searches, kept half a second.
//!
//! Identical searches arriving together run once (the others wait for that
//! run), and with the index following the database every 200 ms, a change
//! reaches results in under a second.

use echoppe_search::{SearchError, SearchIndex, SearchQuery, SearchResults};
use moka::future::Cache;
use std::sync::Arc;
use std::time::Duration;

/// How long a result stays in the cache. With the follower reading the feed
/// every 200 ms, a change is visible in under a second however the cache
/// and the follower line up.
const CACHE_TTL: Duration = Duration::from_millis(500);
const CACHE_ENTRIES: u64 = 20_000;

/// Results of recent searches.
#[derive(Clone)]
pub(crate) struct SearchCache(Cache<SearchQuery, Arc<SearchResults>>);

impl std::fmt::Debug for SearchCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchCache").field("entries", &self.0.entry_count()).finish()
    }
}

impl SearchCache {
    pub(crate) fn new() -> Self {
        Self(Cache::builder().max_capacity(CACHE_ENTRIES).time_to_live(CACHE_TTL).build())
    }

    pub(crate) fn usage(&self) -> u64 {
        self.0.entry_count()
    }
}

impl SearchCache {
    /// Runs `query` on `index`, or answers from the cache (the error is
    /// shared by the searches that waited for the same run).
    pub(crate) async fn run(
        &self,
        index: &SearchIndex,
        query: SearchQuery,
    ) -> Result<Arc<SearchResults>, Arc<SearchError>> {
        let mut ran = false;
        let results = self
            .0
            .try_get_with(query.clone(), async {
                ran = true;
                index.search(query).await.map(Arc::new)
            })
            .await?;
        let outcome = if ran { "miss" } else { "hit" };
        metrics::counter!("echoppe_search_cache_total", "outcome" => outcome).increment(1);
        Ok(results)
    }
}
