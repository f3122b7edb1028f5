//! PostgreSQL read replicas: where the reads that may be a little stale go
//! (the catalogue, the search feed, statistics), and when a replica is left
//! out.
//!
//! A replica is in use while it has replayed the primary's WAL up to where
//! the primary was `max_lag` ago: a watcher samples the primary's position
//! (`pg_current_wal_lsn`) twice a second and asks each replica whether its
//! `pg_last_wal_replay_lsn` is past the sample of `max_lag` ago. A replica
//! down, or further behind, is left out, reads fall back to the primary, and
//! it is taken back as soon as it has caught up. A visitor who has just
//! written reads from the primary for `max_lag` (the web layer marks their
//! requests with [`reading_own_writes`]), after which every replica in use
//! has their write.

use crate::Error;
use crate::backend::redact;
use sqlx::AnyPool;
use sqlx::any::AnyPoolOptions;
use std::collections::VecDeque;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

tokio::task_local! {
    /// Set while a request of someone who has just written runs.
    static OWN_WRITES: ();
}

/// Runs `work` with every read from the primary: for a visitor who has just
/// written (a cart line, an order, a listing edit) and must see it.
pub async fn reading_own_writes<F: Future>(work: F) -> F::Output {
    OWN_WRITES.scope((), work).await
}

fn in_own_writes() -> bool {
    OWN_WRITES.try_with(|()| ()).is_ok()
}

#[derive(Debug)]
pub(crate) struct Replica {
    pool: AnyPool,
    location: String,
    in_use: AtomicBool,
}

/// The replicas of a primary and the choice among them.
#[derive(Debug, Default)]
pub(crate) struct Replicas {
    members: Vec<Replica>,
    next: AtomicUsize,
    /// How far behind the primary a replica may be and still be read.
    max_lag: Duration,
}

/// A replica's state, for `/readyz` and `/metrics`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplicaState {
    pub location: String,
    pub in_use: bool,
}

/// How often the watcher looks.
const WATCH_EVERY: Duration = Duration::from_millis(500);

impl Replicas {
    /// Connects to each replica. One that does not answer is left out for
    /// now (the watcher takes it in when it does); one that answers but is
    /// not replaying a primary is refused: a replica URL pointing at the
    /// primary, or at another server, is a mistake to stop on.
    pub(crate) async fn connect(
        urls: &[String],
        connections: u32,
        acquire_timeout: Duration,
        max_lag: Duration,
    ) -> Result<Self, Error> {
        let mut members = Vec::with_capacity(urls.len());
        for url in urls {
            let location = redact(url);
            let pool = AnyPoolOptions::new()
                .max_connections(connections.max(1))
                .min_connections(0)
                .acquire_timeout(acquire_timeout)
                .test_before_acquire(true)
                .connect_lazy(url)
                .map_err(|source| Error::Open { location: location.clone(), source })?;
            match replaying(&pool).await {
                Ok(true) => {}
                Ok(false) => return Err(Error::NotAReplica { location }),
                Err(error) => {
                    tracing::warn!(replica = %location, %error, "a read replica does not answer; left out until it does");
                }
            }
            members.push(Replica { pool, location, in_use: AtomicBool::new(false) });
        }
        Ok(Self { members, next: AtomicUsize::new(0), max_lag })
    }

    /// How long a visitor who has just written reads from the primary: as
    /// long as a replica may lag; `None` without replicas.
    pub(crate) fn own_writes_window(&self) -> Option<Duration> {
        (!self.members.is_empty()).then_some(self.max_lag)
    }

    /// A replica in use, in turn; `None`: read from the primary.
    pub(crate) fn pick(&self) -> Option<&AnyPool> {
        if self.members.is_empty() || in_own_writes() {
            return None;
        }
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        (0..self.members.len())
            .map(|i| &self.members[(start + i) % self.members.len()])
            .find(|r| r.in_use.load(Ordering::Relaxed))
            .map(|r| &r.pool)
    }

    pub(crate) fn states(&self) -> Vec<ReplicaState> {
        self.members
            .iter()
            .map(|r| ReplicaState { location: r.location.clone(), in_use: r.in_use.load(Ordering::Relaxed) })
            .collect()
    }

    pub(crate) async fn close(&self) {
        for replica in &self.members {
            replica.pool.close().await;
        }
    }

    /// Follows the replicas' lag until the primary's pool closes.
    pub(crate) async fn watch(self: Arc<Self>, primary: AnyPool) {
        let max_lag = self.max_lag;
        // The primary's positions of the last `max_lag`, oldest first.
        let mut positions: VecDeque<(Instant, String)> = VecDeque::new();
        loop {
            tokio::time::sleep(WATCH_EVERY).await;
            if primary.is_closed() {
                return;
            }
            let now = Instant::now();
            match sqlx::query_as::<_, (String,)>("SELECT CAST(pg_current_wal_lsn() AS TEXT)").fetch_one(&primary).await
            {
                Ok((lsn,)) => positions.push_back((now, lsn)),
                // The primary away: nothing to compare with; the replicas
                // keep their state, and writes fail on their own.
                Err(_) => continue,
            }
            // The newest position at least `max_lag` old is the bar; before
            // there is one, the oldest known.
            while positions.len() > 1 && now.duration_since(positions[1].0) >= max_lag {
                positions.pop_front();
            }
            let Some((_, bar)) = positions.front() else { continue };
            for replica in &self.members {
                let caught_up = sqlx::query_as::<_, (bool,)>(
                    "SELECT pg_is_in_recovery() AND pg_last_wal_replay_lsn() >= CAST($1 AS pg_lsn)",
                )
                .bind(bar.clone())
                .fetch_one(&replica.pool)
                .await
                .map(|(caught_up,)| caught_up)
                .unwrap_or(false);
                let was = replica.in_use.swap(caught_up, Ordering::Relaxed);
                if was != caught_up {
                    if caught_up {
                        tracing::info!(replica = %replica.location, "a read replica caught up; reads go to it again");
                    } else {
                        tracing::warn!(replica = %replica.location, lag_bound = ?max_lag, "a read replica is down or behind; its reads go to the primary");
                    }
                }
                metrics::gauge!("echoppe_replica_in_use", "replica" => replica.location.clone()).set(if caught_up {
                    1.0
                } else {
                    0.0
                });
            }
        }
    }
}

/// Whether this server is replaying another's WAL (a standby).
async fn replaying(pool: &AnyPool) -> Result<bool, sqlx::Error> {
    let (replaying,): (bool,) = sqlx::query_as("SELECT pg_is_in_recovery()").fetch_one(pool).await?;
    Ok(replaying)
}
