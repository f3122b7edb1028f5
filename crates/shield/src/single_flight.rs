//! One computation per key, however many ask at once: the first caller
//! computes, the others wait for its result.

use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;
use std::sync::{Arc, Mutex, PoisonError};
use tokio::sync::watch;

/// Calls in flight, by key. Cheap to clone.
#[derive(Debug)]
pub(crate) struct SingleFlight<K, V> {
    calls: Arc<Mutex<HashMap<K, watch::Receiver<Option<V>>>>>,
}

impl<K, V> Clone for SingleFlight<K, V> {
    fn clone(&self) -> Self {
        Self { calls: Arc::clone(&self.calls) }
    }
}

impl<K: Hash + Eq + Clone, V: Clone> SingleFlight<K, V> {
    pub(crate) fn new() -> Self {
        Self { calls: Arc::new(Mutex::new(HashMap::new())) }
    }

    /// The result of `compute` for `key`, computed once for every caller
    /// that arrives while it runs — when `shareable` says the result may be
    /// handed to others; otherwise each waiting caller computes its own. If
    /// the computing caller is dropped before it finishes, a waiting caller
    /// computes instead.
    pub(crate) async fn run<F: Future<Output = V>>(
        &self,
        key: K,
        compute: impl FnOnce() -> F,
        shareable: fn(&V) -> bool,
    ) -> V {
        let mut receiver = match self.join(&key) {
            Ok(receiver) => receiver,
            Err(sender) => return self.lead(key, sender, compute).await,
        };
        // Fails only when the leader was dropped unfinished.
        if receiver.wait_for(Option::is_some).await.is_ok()
            && let Some(value) = receiver.borrow().clone()
            && shareable(&value)
        {
            return value;
        }
        compute().await
    }

    /// Joins the call in flight for `key`, or starts one (`Err`: the sender
    /// that will publish its result).
    fn join(&self, key: &K) -> Result<watch::Receiver<Option<V>>, watch::Sender<Option<V>>> {
        let mut calls = self.calls.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(receiver) = calls.get(key) {
            return Ok(receiver.clone());
        }
        let (sender, receiver) = watch::channel(None);
        calls.insert(key.clone(), receiver);
        Err(sender)
    }

    async fn lead<F: Future<Output = V>>(
        &self,
        key: K,
        sender: watch::Sender<Option<V>>,
        compute: impl FnOnce() -> F,
    ) -> V {
        // Removes the call even if this future is dropped midway.
        struct Done<'a, K: Hash + Eq, V> {
            calls: &'a Mutex<HashMap<K, watch::Receiver<Option<V>>>>,
            key: Option<K>,
        }
        impl<K: Hash + Eq, V> Drop for Done<'_, K, V> {
            fn drop(&mut self) {
                if let Some(key) = self.key.take() {
                    self.calls.lock().unwrap_or_else(PoisonError::into_inner).remove(&key);
                }
            }
        }
        let done = Done { calls: &self.calls, key: Some(key) };
        let value = compute().await;
        // Removed before the value is published: a caller arriving after
        // this point computes afresh rather than reading an old result.
        drop(done);
        let _ = sender.send(Some(value.clone()));
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    #[tokio::test]
    async fn concurrent_callers_share_one_computation() {
        let flight = SingleFlight::<&str, usize>::new();
        let runs = Arc::new(AtomicUsize::new(0));
        let calls = (0..50).map(|_| {
            let (flight, runs) = (flight.clone(), Arc::clone(&runs));
            tokio::spawn(async move {
                flight
                    .run(
                        "home",
                        || async move {
                            tokio::time::sleep(Duration::from_millis(50)).await;
                            runs.fetch_add(1, Ordering::SeqCst) + 1
                        },
                        |_| true,
                    )
                    .await
            })
        });
        for call in calls.collect::<Vec<_>>() {
            assert_eq!(call.await.unwrap(), 1);
        }
        assert_eq!(runs.load(Ordering::SeqCst), 1);
        // Afterwards, a new call computes again.
        assert_eq!(flight.run("home", || async { 7 }, |_| true).await, 7);
    }

    #[tokio::test]
    async fn a_dropped_leader_hands_over() {
        let flight = SingleFlight::<&str, u8>::new();
        let leader = {
            let flight = flight.clone();
            tokio::spawn(async move { flight.run("k", std::future::pending::<u8>, |_| true).await })
        };
        tokio::time::sleep(Duration::from_millis(20)).await;
        let follower = {
            let flight = flight.clone();
            tokio::spawn(async move { flight.run("k", || async { 2 }, |_| true).await })
        };
        tokio::time::sleep(Duration::from_millis(20)).await;
        leader.abort();
        assert_eq!(follower.await.unwrap(), 2);
    }
}
