//! The door in front of the handlers: how many requests are worked on at
//! once ([`AdaptiveLimit`]), who waits for a place and for how long, and who
//! is turned away when there is not room for everyone.
//!
//! - Under the limit, a request goes straight in.
//! - At the limit, it waits in a queue ordered by [`Priority`], then by
//!   arrival. A freed place goes to the most important waiter.
//! - The queue has a length (twice the limit) and a deadline. When it is
//!   full, a newcomer takes the seat of the least important waiter if it
//!   outranks it, otherwise it is turned away. The deadline is CoDel's idea
//!   (as in Facebook's "adaptive LIFO + CoDel"): a queue that drains now
//!   and then absorbs a burst, so waiters get [`AdmissionSettings::queue_wait`];
//!   a queue that has not been empty for [`STANDING_AFTER`] is a standing
//!   queue, which only adds delay, so waiters below pages get a tenth of it
//!   ([`Priority::patience`]).
//! - Checkout and payment ([`Priority::Orders`]) never wait nor get turned
//!   away, and take no place: they go in beside the limit. At worst the
//!   buyer pays later.
//! - In surge mode the lowest classes (beacons, bots, deep pagination) are
//!   refused at once, before they cost anything.
//! - Per client, a rate far above what a person browsing sends (crawlers,
//!   scrapers) gets `429`. Loopback clients are exempt: on this machine
//!   they are the operator, a proxy not telling who its clients are, or the
//!   rehearsal.
//!
//! Cached pages never reach this door: the page cache is in front of it,
//! and a hit costs less than queueing it would.

use super::busy::{Refusal, refused};
use super::limit::{AdaptiveLimit, LimitSettings};
use super::modes::{Mode, Modes, Pressure};
use super::priority::{Priority, classify};
use crate::client::{client_address, network_of};
use axum::extract::Request;
use axum::response::Response;
use futures_util::future::BoxFuture;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::cmp::Reverse;
use std::collections::BTreeMap;
use std::convert::Infallible;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tokio::sync::oneshot;
use tower::{Layer, Service, ServiceExt as _};

/// The door's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AdmissionSettings {
    /// Off: every request goes straight to the handlers (to measure what
    /// the door is worth).
    pub enabled: bool,
    pub limit: LimitSettings,
    /// The longest a request waits for a place while the queue drains.
    pub queue_wait: Duration,
    /// Requests per second one client may keep sending (four seconds' worth
    /// at once); 0 for no per-client limit.
    pub client_rate: u32,
}

impl Default for AdmissionSettings {
    fn default() -> Self {
        Self { enabled: true, limit: LimitSettings::default(), queue_wait: Duration::from_millis(150), client_rate: 30 }
    }
}

/// A queue not empty for this long is standing (CoDel's interval).
const STANDING_AFTER: Duration = Duration::from_millis(100);
/// The fewest waiting seats, whatever the limit.
const MIN_SEATS: usize = 32;

/// The door. Cheap to clone.
#[derive(Debug, Clone)]
pub struct AdmissionController(Arc<Door>);

#[derive(Debug)]
struct Door {
    settings: AdmissionSettings,
    modes: Modes,
    forwarded_for: bool,
    inside: Mutex<Inside>,
    clients: Option<DefaultKeyedRateLimiter<IpAddr>>,
    counts: Counts,
}

#[derive(Debug)]
struct Inside {
    in_flight: usize,
    limit: AdaptiveLimit,
    /// First: the most important, earliest waiter.
    queue: BTreeMap<(Reverse<Priority>, u64), Waiter>,
    arrivals: u64,
    /// The last moment the queue was empty.
    empty_at: Instant,
    /// What this second looked like, for the modes.
    pressure: Pressure,
}

#[derive(Debug)]
struct Waiter {
    /// The place is sent inside the channel: if the waiter is gone by
    /// then, dropping the channel gives it back.
    admit: oneshot::Sender<Permit>,
    until: Instant,
}

/// What a request waits on in the queue.
type Seat = (Reverse<Priority>, u64);

impl AdmissionController {
    pub fn new(settings: AdmissionSettings, modes: Modes, forwarded_for: bool) -> Self {
        let clients = NonZeroU32::new(settings.client_rate).map(|rate| {
            let burst = rate.saturating_mul(NonZeroU32::new(4).unwrap_or(NonZeroU32::MIN));
            RateLimiter::keyed(Quota::per_second(rate).allow_burst(burst))
        });
        Self(Arc::new(Door {
            inside: Mutex::new(Inside {
                in_flight: 0,
                limit: AdaptiveLimit::new(settings.limit),
                queue: BTreeMap::new(),
                arrivals: 0,
                empty_at: Instant::now(),
                pressure: Pressure::default(),
            }),
            settings,
            modes,
            forwarded_for,
            clients,
            counts: Counts::new(),
        }))
    }

    /// A place for a request of class `priority`, waiting for one if need
    /// be; `Err` if it is turned away.
    pub async fn admit(&self, priority: Priority) -> Result<Permit, Refusal> {
        let door = &self.0;
        let (seat, until, mut admitted) = {
            let mut inside = door.lock();
            if !priority.sheddable() {
                // Outside the limit altogether: checkout mostly waits on the
                // payment provider, and counting it would let a burst of
                // buyers hold every place while the cart and pages queue.
                inside.pressure.admitted += 1;
                door.counts.get(priority, Outcome::Admitted).increment(1);
                return Ok(Permit { door: Arc::clone(door), priority, started: Instant::now(), armed: false });
            }
            if door.modes.current() == Mode::Surge && priority <= Priority::Beacons {
                return Err(door.refuse(&mut inside, priority, Refusal::Surge));
            }
            if inside.in_flight < inside.limit.current() {
                return Ok(self.enter(&mut inside, priority));
            }
            inside.limit.reached();
            let now = Instant::now();
            let seats = MIN_SEATS.max(inside.limit.current() * 2);
            if inside.queue.len() >= seats {
                // Full: the newcomer takes the least important seat if it
                // outranks whoever sits there.
                match inside.queue.last_key_value() {
                    Some((&(Reverse(last), _), _)) if last < priority => {
                        if let Some(((Reverse(last), _), _)) = inside.queue.pop_last() {
                            door.refuse(&mut inside, last, Refusal::Full);
                        }
                    }
                    _ => return Err(door.refuse(&mut inside, priority, Refusal::Full)),
                }
            }
            if inside.queue.is_empty() {
                inside.empty_at = now;
            }
            let standing = now.duration_since(inside.empty_at) > STANDING_AFTER;
            let wait = priority.patience(door.settings.queue_wait, standing);
            let (admit, admitted) = oneshot::channel();
            inside.arrivals += 1;
            let seat = (Reverse(priority), inside.arrivals);
            let until = now + wait;
            inside.queue.insert(seat, Waiter { admit, until });
            inside.pressure.queued += 1;
            door.counts.get(priority, Outcome::Queued).increment(1);
            (seat, until, admitted)
        };
        // Cancelled (the client went away): the seat is given up.
        let _leaving = Leaving { door, seat };
        match tokio::time::timeout_at(until.into(), &mut admitted).await {
            Ok(Ok(permit)) => Ok(permit),
            // Dropped from the queue by someone more important, or found
            // past its deadline by a freed place; counted there.
            Ok(Err(_)) => Err(if Instant::now() >= until { Refusal::Waited } else { Refusal::Full }),
            Err(_) => {
                let mut inside = door.lock();
                if inside.queue.remove(&seat).is_some() {
                    door.note_emptied(&mut inside);
                    return Err(door.refuse(&mut inside, priority, Refusal::Waited));
                }
                drop(inside);
                // Handed a place just as the deadline passed: take it.
                admitted.try_recv().map_err(|_| Refusal::Waited)
            }
        }
    }

    fn enter(&self, inside: &mut Inside, priority: Priority) -> Permit {
        inside.in_flight += 1;
        inside.pressure.admitted += 1;
        inside.pressure.peak_in_flight = inside.pressure.peak_in_flight.max(inside.in_flight);
        self.0.counts.get(priority, Outcome::Admitted).increment(1);
        Permit { door: Arc::clone(&self.0), priority, started: Instant::now(), armed: true }
    }

    /// `Err` if the request's client is far over a person's rate.
    fn check_client(&self, request: &Request) -> Result<(), Refusal> {
        let Some(clients) = &self.0.clients else { return Ok(()) };
        let Some(address) = client_address(request.headers(), request.extensions(), self.0.forwarded_for) else {
            return Ok(());
        };
        if address.is_loopback() || address.to_canonical().is_loopback() {
            return Ok(());
        }
        clients.check_key(&network_of(address)).map_err(|_| Refusal::ClientLimit)
    }

    /// What the door saw since the last call (the modes ask every second).
    pub fn take_pressure(&self) -> Pressure {
        let mut inside = self.0.lock();
        let limit = inside.limit.current();
        let pressure = std::mem::take(&mut inside.pressure);
        inside.pressure.peak_in_flight = inside.in_flight;
        Pressure { limit, ..pressure }
    }

    /// How the door stands now.
    pub fn snapshot(&self) -> DoorSnapshot {
        let inside = self.0.lock();
        DoorSnapshot { in_flight: inside.in_flight, limit: inside.limit.current(), waiting: inside.queue.len() }
    }

    /// Forgets clients whose allowance is full again, so the table follows
    /// recent heavy clients rather than every address ever seen.
    pub fn forget_idle_clients(&self) {
        if let Some(clients) = &self.0.clients {
            clients.retain_recent();
            clients.shrink_to_fit();
        }
    }
}

/// The door at one moment, for `/metrics` and `/readyz`.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct DoorSnapshot {
    pub in_flight: usize,
    pub limit: usize,
    pub waiting: usize,
}

impl Door {
    fn lock(&self) -> MutexGuard<'_, Inside> {
        self.inside.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn refuse(&self, inside: &mut Inside, priority: Priority, refusal: Refusal) -> Refusal {
        if refusal.for_want_of_room() {
            inside.pressure.shed += 1;
        }
        self.counts.get(priority, Outcome::Refused(refusal)).increment(1);
        refusal
    }

    fn note_emptied(&self, inside: &mut Inside) {
        if inside.queue.is_empty() {
            inside.empty_at = Instant::now();
        }
    }

    /// A request left the handlers: its place goes to the most important
    /// waiter still within its deadline.
    fn release(self: &Arc<Self>, priority: Priority, took: Duration) {
        let mut inside = self.lock();
        let now = Instant::now();
        if priority.sheddable() {
            // Checkout's time includes the payment provider's, which more
            // or fewer requests at once would not change.
            inside.limit.sample(took, now);
        }
        inside.in_flight = inside.in_flight.saturating_sub(1);
        while inside.in_flight < inside.limit.current() {
            let Some(((Reverse(waiting), _), waiter)) = inside.queue.pop_first() else { break };
            if waiter.until <= now {
                // Its own timer is about to turn it away; dropping the
                // sender tells it so.
                self.refuse(&mut inside, waiting, Refusal::Waited);
                continue;
            }
            let permit = Permit { door: Arc::clone(self), priority: waiting, started: now, armed: true };
            match waiter.admit.send(permit) {
                Ok(()) => {
                    inside.in_flight += 1;
                    inside.pressure.admitted += 1;
                    inside.pressure.peak_in_flight = inside.pressure.peak_in_flight.max(inside.in_flight);
                    self.counts.get(waiting, Outcome::Admitted).increment(1);
                }
                // Its client went away: the place was never taken (and the
                // lock is held, so giving it back here would deadlock).
                Err(mut unused) => unused.armed = false,
            }
        }
        self.note_emptied(&mut inside);
    }
}

/// A place in the handlers, given back when dropped (however the request
/// ends: answered, failed, or its client gone).
#[derive(Debug)]
pub struct Permit {
    door: Arc<Door>,
    priority: Priority,
    started: Instant,
    /// Gives a place back when dropped (a permit that was never handed
    /// over gives nothing back).
    armed: bool,
}

impl Drop for Permit {
    fn drop(&mut self) {
        if self.armed {
            self.door.release(self.priority, self.started.elapsed());
        }
    }
}

/// Gives up a seat in the queue when the waiting request is dropped.
struct Leaving<'a> {
    door: &'a Arc<Door>,
    seat: Seat,
}

impl Drop for Leaving<'_> {
    fn drop(&mut self) {
        let mut inside = self.door.lock();
        if inside.queue.remove(&self.seat).is_some() {
            self.door.note_emptied(&mut inside);
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Outcome {
    Admitted,
    Queued,
    Refused(Refusal),
}

/// `echoppe_admission_total{class, outcome}`, made once.
#[derive(Debug)]
struct Counts(Vec<metrics::Counter>);

const OUTCOMES: usize = 2 + Refusal::ALL.len();

impl Counts {
    fn new() -> Self {
        let mut counters = vec![metrics::Counter::noop(); Priority::ALL.len() * OUTCOMES];
        for priority in Priority::ALL {
            let outcomes = [Outcome::Admitted, Outcome::Queued].into_iter().chain(Refusal::ALL.map(Outcome::Refused));
            for outcome in outcomes {
                let name = match outcome {
                    Outcome::Admitted => "admitted",
                    Outcome::Queued => "queued",
                    Outcome::Refused(refusal) => refusal.as_str(),
                };
                counters[Self::index(priority, outcome)] =
                    metrics::counter!("echoppe_admission_total", "class" => priority.as_str(), "outcome" => name);
            }
        }
        Self(counters)
    }

    fn index(priority: Priority, outcome: Outcome) -> usize {
        let outcome = match outcome {
            Outcome::Admitted => 0,
            Outcome::Queued => 1,
            Outcome::Refused(refusal) => 2 + Refusal::ALL.iter().position(|r| *r == refusal).unwrap_or(0),
        };
        priority as usize * OUTCOMES + outcome
    }

    fn get(&self, priority: Priority, outcome: Outcome) -> &metrics::Counter {
        &self.0[Self::index(priority, outcome)]
    }
}

/// The door as a tower layer, inside the page cache.
#[derive(Debug, Clone)]
pub struct AdmissionLayer(pub AdmissionController);

impl<S> Layer<S> for AdmissionLayer {
    type Service = Admission<S>;

    fn layer(&self, inner: S) -> Self::Service {
        Admission { door: self.0.clone(), inner }
    }
}

/// Lets requests through the door to `S`.
#[derive(Debug, Clone)]
pub struct Admission<S> {
    door: AdmissionController,
    inner: S,
}

impl<S> Service<Request> for Admission<S>
where
    S: Service<Request, Response = Response, Error = Infallible, Future: Send + 'static> + Clone + Send + 'static,
{
    type Response = Response;
    type Error = Infallible;
    type Future = BoxFuture<'static, Result<Response, Infallible>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let inner = super::take_ready(&mut self.inner);
        let priority = classify(&request).filter(|_| self.door.0.settings.enabled);
        let Some(priority) = priority else { return Box::pin(inner.oneshot(request)) };
        if let Err(refusal) = self.door.check_client(&request) {
            self.door.0.counts.get(priority, Outcome::Refused(refusal)).increment(1);
            return Box::pin(std::future::ready(Ok(refused(refusal, request.uri().path()))));
        }
        let door = self.door.clone();
        Box::pin(async move {
            match door.admit(priority).await {
                Ok(permit) => {
                    let response = inner.oneshot(request).await;
                    drop(permit);
                    response
                }
                Err(refusal) => Ok(refused(refusal, request.uri().path())),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn door(limit: usize, queue_wait: Duration) -> AdmissionController {
        let limit = LimitSettings { initial: limit, min: limit, max: limit, target: Duration::from_secs(10) };
        AdmissionController::new(
            AdmissionSettings { enabled: true, limit, queue_wait, client_rate: 0 },
            Modes::new(None),
            false,
        )
    }

    #[tokio::test]
    async fn a_freed_place_goes_to_the_most_important_waiter() {
        let door = door(1, Duration::from_secs(5));
        let first = door.admit(Priority::Pages).await.unwrap();
        let search = tokio::spawn({
            let door = door.clone();
            async move { door.admit(Priority::Search).await.map(|_| Instant::now()) }
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
        let cart = tokio::spawn({
            let door = door.clone();
            async move { door.admit(Priority::Cart).await.map(|_| Instant::now()) }
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert_eq!(door.snapshot().waiting, 2);
        drop(first);
        let (search, cart) = (search.await.unwrap().unwrap(), cart.await.unwrap().unwrap());
        assert!(cart <= search, "the cart came later but goes first");
    }

    #[tokio::test]
    async fn waiters_are_turned_away_at_their_deadline() {
        let door = door(1, Duration::from_millis(30));
        let _held = door.admit(Priority::Pages).await.unwrap();
        let started = Instant::now();
        assert_eq!(door.admit(Priority::Search).await.unwrap_err(), Refusal::Waited);
        assert!(started.elapsed() >= Duration::from_millis(30));
        assert_eq!(door.snapshot().waiting, 0);
    }

    #[tokio::test]
    async fn a_standing_queue_is_drained_from_its_least_important_end() {
        let door = door(1, Duration::from_secs(1));
        let held = door.admit(Priority::Pages).await.unwrap();
        let early = tokio::spawn({
            let door = door.clone();
            async move { door.admit(Priority::Search).await.map(drop) }
        });
        // The queue has not drained for longer than CoDel's interval.
        tokio::time::sleep(STANDING_AFTER + Duration::from_millis(20)).await;
        let page = tokio::spawn({
            let door = door.clone();
            async move { door.admit(Priority::Pages).await.map(drop) }
        });
        let started = Instant::now();
        assert_eq!(door.admit(Priority::Search).await.unwrap_err(), Refusal::Waited);
        assert!(started.elapsed() < Duration::from_millis(500), "a search waits a tenth of the deadline");
        assert!(!page.is_finished(), "a page keeps the whole deadline");
        drop(held);
        assert_eq!(page.await.unwrap(), Ok(()), "and the freed place goes to it");
        early.abort();
    }

    #[tokio::test]
    async fn a_full_queue_gives_the_least_important_seat_away() {
        let door = door(1, Duration::from_secs(5));
        let _held = door.admit(Priority::Pages).await.unwrap();
        let mut images = Vec::new();
        for _ in 0..MIN_SEATS {
            let door = door.clone();
            images.push(tokio::spawn(async move { door.admit(Priority::Images).await.map(drop) }));
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert_eq!(door.snapshot().waiting, MIN_SEATS);
        assert_eq!(door.admit(Priority::Other).await.unwrap_err(), Refusal::Full, "outranks nobody");
        let search = tokio::spawn({
            let door = door.clone();
            async move { door.admit(Priority::Search).await.map(drop) }
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
        let mut displaced = 0;
        for image in images.iter_mut() {
            if image.is_finished() {
                assert_eq!(image.await.unwrap(), Err(Refusal::Full));
                displaced += 1;
            }
        }
        assert_eq!(displaced, 1);
        assert_eq!(door.snapshot().waiting, MIN_SEATS);
        search.abort();
    }

    #[tokio::test]
    async fn orders_go_in_over_the_limit_and_surge_refuses_the_lowest() {
        let limit = LimitSettings { initial: 1, min: 1, max: 1, target: Duration::from_secs(10) };
        let modes = Modes::new(Some(Mode::Surge));
        let door = AdmissionController::new(
            AdmissionSettings { enabled: true, limit, queue_wait: Duration::from_millis(10), client_rate: 0 },
            modes,
            false,
        );
        let _held = door.admit(Priority::Pages).await.unwrap();
        let _order = door.admit(Priority::Orders).await.unwrap();
        let _another = door.admit(Priority::Orders).await.unwrap();
        assert_eq!(door.snapshot().in_flight, 1, "orders take no place");
        assert_eq!(door.admit(Priority::Beacons).await.unwrap_err(), Refusal::Surge);
        assert_eq!(door.admit(Priority::Other).await.unwrap_err(), Refusal::Surge);
        let pressure = door.take_pressure();
        assert_eq!(pressure.shed, 0, "surge's own refusals are policy, not a lack of room");
        assert_eq!((pressure.peak_in_flight, pressure.admitted), (1, 3));
    }
}
