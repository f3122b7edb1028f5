//! Placing orders: stock checked and decremented, one order per shop, all of
//! a checkout in one transaction — and many checkouts per transaction.
//!
//! The [`OrderDesk`] is the single path by which orders are written. It runs
//! as one task holding the database's writer: checkouts queue on a channel,
//! and each transaction takes every checkout waiting at that moment (group
//! commit). With SQLite's `synchronous = FULL`, a commit is an fsync, the
//! slowest step of an order; sharing it between the orders that arrived
//! while the previous one ran is what lets one disk acknowledge thousands of
//! durable orders a second. A checkout is answered only after the
//! transaction holding it has committed. Each checkout is checked in full
//! (stock, price, availability) before anything of it is written, so one
//! refused checkout (an item sold out meanwhile) leaves the others intact.

use crate::Error;
use crate::backend::{Backend, ignore_duplicate};
use crate::catalogue::LISTED;
use crate::database::Database;
use echoppe_domain::{
    Currency, Email, ListingId, Money, OrderNumber, OrderStatus, ShippingAddress, ShopId, Timestamp, UserId,
};
use sqlx::{Any, Transaction};
use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash as _, Hasher as _};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock};
use std::time::Instant;
use tokio::sync::{mpsc, oneshot};

/// One line of a cart, with the price the buyer was shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderLine {
    pub listing: ListingId,
    pub quantity: i64,
    pub unit_price: Money,
}

/// A checkout to place.
#[derive(Debug, Clone)]
pub struct NewCheckout {
    /// Random, chosen by the caller: ties the orders of one checkout together.
    pub checkout_id: String,
    /// The client's idempotency key and a hash of what it asked, if any.
    pub idempotency: Option<(String, String)>,
    pub buyer: Option<UserId>,
    pub email: Email,
    pub address: ShippingAddress,
    pub lines: Vec<OrderLine>,
    /// Until when the items are held waiting for payment.
    pub pay_by: Timestamp,
    /// Payment is not attempted at checkout: the buyer is told a payment
    /// link will come by mail ("order now, pay later").
    pub pay_later: bool,
    /// A charge follows at once: until then the orders are held for it
    /// (see migration 0008).
    pub charging_until: Option<Timestamp>,
    pub now: Timestamp,
}

/// An order as placed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacedOrder {
    pub id: i64,
    pub number: OrderNumber,
    pub shop: ShopId,
    pub items: Money,
    pub shipping: Money,
}

/// Why a checkout was not placed. Nothing of it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckoutRefusal {
    EmptyCart,
    /// Withdrawn, deleted, or its shop away or suspended.
    Unavailable {
        listing: ListingId,
    },
    OutOfStock {
        listing: ListingId,
        title: String,
        available: i64,
    },
    /// The price changed since the buyer saw it: they must see the new one.
    PriceChanged {
        listing: ListingId,
        title: String,
        now: Money,
    },
    /// The idempotency key was already used for a different request.
    KeyReused,
    /// More than a single order may total (1,000,000.00).
    TooLarge,
}

/// How a checkout went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckoutOutcome {
    Placed(Vec<PlacedOrder>),
    /// Already placed under this idempotency key: the same checkout again.
    Replayed {
        checkout_id: String,
        orders: Vec<PlacedOrder>,
    },
    Refused(CheckoutRefusal),
}

/// How checkouts are grouped into transactions.
#[derive(Debug, Clone, Copy)]
pub struct GroupCommit {
    /// The most checkouts one transaction takes.
    pub max_batch: usize,
}

impl Default for GroupCommit {
    fn default() -> Self {
        Self { max_batch: 256 }
    }
}

/// How paying for a checkout went, written through the desk so that it
/// shares the checkouts' group commits instead of paying an fsync of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settlement {
    /// Charged: these orders, if still awaiting payment, are paid.
    Paid { orders: Vec<i64>, reference: String, at: Timestamp },
    /// Not paid now: the buyer is owed a payment link, and the items stay
    /// held until at least `hold_until`.
    Deferred { checkout_id: String, at: Timestamp, hold_until: Timestamp },
}

/// What the desk writes.
enum Task {
    Place(Box<NewCheckout>),
    Settle(Settlement),
}

enum Done {
    Placed(CheckoutOutcome),
    Settled,
}

struct Job {
    task: Task,
    reply: oneshot::Sender<Result<Done, BatchFailure>>,
}

/// The writer of orders. Cheap to clone.
///
/// On SQLite one task: the file has one writer anyway. On PostgreSQL and
/// MariaDB, [`SERVER_DESKS`] tasks, each with its own group commits: a
/// transaction there is a dozen round trips to the server, and one task
/// waiting on them left both cores idle half the time. Checkouts with the
/// same idempotency key (and settlements of the same checkout) always go to
/// the same task, so they meet in order as on SQLite; each transaction
/// locks the listings it will take stock from in id order before anything
/// else, so two tasks never wait on each other in a circle.
#[derive(Debug, Clone)]
pub struct OrderDesk {
    queues: Arc<[mpsc::Sender<Job>]>,
    next: Arc<AtomicUsize>,
}

/// Order-desk tasks on a database server.
pub(crate) const SERVER_DESKS: usize = 4;

impl OrderDesk {
    /// Starts the desk's tasks on `db`'s writer.
    pub fn start(db: Database, grouping: GroupCommit) -> Self {
        let desks = if db.backend() == Backend::Sqlite { 1 } else { SERVER_DESKS };
        let mut queues: Vec<mpsc::Sender<Job>> = Vec::with_capacity(desks);
        let mut open_desk = |db: Database| {
            // Bounded: when the disk cannot keep up, checkouts wait here
            // rather than piling up in memory.
            let (queue, jobs) = mpsc::channel(grouping.max_batch.max(1) * 8);
            tokio::spawn(run(db, jobs, grouping.max_batch.max(1)));
            queues.push(queue);
        };
        for _ in 1..desks {
            open_desk(db.clone());
        }
        open_desk(db);
        Self { queues: queues.into(), next: Arc::new(AtomicUsize::new(0)) }
    }

    /// The task for `task`: by its key when it has one, else in turn.
    fn queue_for(&self, task: &Task) -> &mpsc::Sender<Job> {
        let key = match task {
            Task::Place(checkout) => checkout.idempotency.as_ref().map(|(key, _)| key.as_str()),
            Task::Settle(Settlement::Deferred { checkout_id, .. }) => Some(checkout_id.as_str()),
            Task::Settle(Settlement::Paid { .. }) => None,
        };
        let at = match key {
            Some(key) => {
                let mut hasher = DefaultHasher::new();
                key.hash(&mut hasher);
                hasher.finish() as usize
            }
            None => self.next.fetch_add(1, Ordering::Relaxed),
        };
        &self.queues[at % self.queues.len()]
    }

    /// Places a checkout; returns once it is durable (or refused).
    pub async fn place(&self, checkout: NewCheckout) -> Result<CheckoutOutcome, Error> {
        match self.submit(Task::Place(Box::new(checkout))).await? {
            Done::Placed(outcome) => Ok(outcome),
            Done::Settled => Err(Error::Corrupt("the order desk answered a checkout with a settlement".into())),
        }
    }

    /// Records how paying for a checkout went; returns once it is durable.
    pub async fn settle(&self, settlement: Settlement) -> Result<(), Error> {
        self.submit(Task::Settle(settlement)).await.map(drop)
    }

    async fn submit(&self, task: Task) -> Result<Done, Error> {
        let (reply, answer) = oneshot::channel();
        let queue = self.queue_for(&task);
        queue.send(Job { task, reply }).await.map_err(|_| Error::Corrupt("the order desk stopped".into()))?;
        answer.await.map_err(|_| Error::Corrupt("the order desk dropped a job".into()))?.map_err(|failure| {
            if failure.unavailable { Error::DatabaseAway(failure.message) } else { Error::OrderBatch(failure.message) }
        })
    }
}

/// Why a batch's transaction failed, told to each of its checkouts.
#[derive(Debug, Clone)]
struct BatchFailure {
    message: String,
    /// The database was away: worth a 503 and a retry.
    unavailable: bool,
}

async fn run(db: Database, mut jobs: mpsc::Receiver<Job>, max_batch: usize) {
    while let Some(first) = jobs.recv().await {
        // Everything that queued while the last transaction committed joins
        // this one; under light load that is nothing, and the checkout pays
        // one fsync alone.
        let mut batch = vec![first];
        while batch.len() < max_batch {
            match jobs.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let started = Instant::now();
        let size = batch.len();
        // A transaction the server chose to end (a deadlock with the expiry
        // sweep, say) wrote nothing: it is tried again, a few times.
        let mut attempts = 1;
        let mut written = db.write_batch(&batch).await;
        while attempts < 3 && written.as_ref().is_err_and(Error::is_retryable) {
            attempts += 1;
            written = db.write_batch(&batch).await;
        }
        match written {
            Ok(outcomes) => {
                for (job, outcome) in batch.into_iter().zip(outcomes) {
                    // The buyer may have gone; the order stands.
                    let _ = job.reply.send(Ok(outcome));
                }
            }
            Err(error) => {
                if db.is_closed() {
                    // Stopping: whoever sent these is answered with an error,
                    // so none of them was acknowledged.
                    tracing::info!(jobs = size, "the database closed before these order writes; none was acknowledged");
                } else {
                    tracing::error!(%error, jobs = size, "an order transaction failed; none of its writes was made");
                }
                let failure = BatchFailure { message: error.to_string(), unavailable: error.is_unavailable() };
                for job in batch {
                    let _ = job.reply.send(Err(failure.clone()));
                }
            }
        }
        metrics::histogram!("echoppe_order_batch_size").record(size as f64);
        metrics::histogram!("echoppe_order_commit_seconds").record(started.elapsed().as_secs_f64());
    }
}

impl Database {
    /// Writes `batch` in one transaction. Each checkout is checked entirely
    /// before any of it is written, so a refused one leaves nothing to undo
    /// and needs no savepoint; every statement saved is a round trip to the
    /// database's thread saved, per order.
    async fn write_batch(&self, batch: &[Job]) -> Result<Vec<Done>, Error> {
        let mut tx = self.begin_write().await?;
        if self.backend() != Backend::Sqlite {
            self.lock_listings_in_order(&mut tx, batch).await?;
        }
        let mut outcomes = Vec::with_capacity(batch.len());
        for job in batch {
            outcomes.push(match &job.task {
                Task::Place(checkout) => Done::Placed(self.place_one(&mut tx, checkout).await?),
                Task::Settle(Settlement::Paid { orders, reference, at }) => {
                    self.paid_in(&mut tx, orders, reference, *at).await?;
                    Done::Settled
                }
                Task::Settle(Settlement::Deferred { checkout_id, at, hold_until }) => {
                    self.deferred_in(&mut tx, checkout_id, *at, *hold_until).await?;
                    Done::Settled
                }
            });
        }
        tx.commit().await?;
        Ok(outcomes)
    }

    /// Locks the listings the batch's checkouts take stock from, in id
    /// order: every desk task takes its locks in the same order, so none
    /// waits on another that waits on it.
    async fn lock_listings_in_order(&self, tx: &mut Transaction<'static, Any>, batch: &[Job]) -> Result<(), Error> {
        let mut ids: Vec<i64> = batch
            .iter()
            .filter_map(|job| match &job.task {
                Task::Place(checkout) => Some(checkout.lines.iter().map(|line| line.listing.get())),
                Task::Settle(_) => None,
            })
            .flatten()
            .collect();
        ids.sort_unstable();
        ids.dedup();
        for chunk in ids.chunks(500) {
            let markers = vec!["?"; chunk.len()].join(", ");
            let sql = format!("SELECT id FROM listings WHERE id IN ({markers}) ORDER BY id FOR UPDATE");
            let mut query = sqlx::query(self.backend().assembled_sql(sql));
            for id in chunk {
                query = query.bind(*id);
            }
            query.execute(&mut **tx).await?;
        }
        Ok(())
    }

    async fn place_one(
        &self,
        tx: &mut Transaction<'static, Any>,
        checkout: &NewCheckout,
    ) -> Result<CheckoutOutcome, Error> {
        if let Some((key, hash)) = &checkout.idempotency {
            let seen: Option<(String, String)> = sqlx::query_as(
                self.backend().sql("SELECT request_hash, checkout_id FROM idempotency_keys WHERE idempotency_key = ?"),
            )
            .bind(key.clone())
            .fetch_optional(&mut **tx)
            .await?;
            if let Some((seen_hash, checkout_id)) = seen {
                if &seen_hash != hash {
                    return Ok(CheckoutOutcome::Refused(CheckoutRefusal::KeyReused));
                }
                let orders = self.orders_of_checkout(tx, &checkout_id).await?;
                return Ok(CheckoutOutcome::Replayed { checkout_id, orders });
            }
        }
        if checkout.lines.is_empty() {
            return Ok(CheckoutOutcome::Refused(CheckoutRefusal::EmptyCart));
        }

        #[derive(sqlx::FromRow)]
        struct Stock {
            title: String,
            price_cents: i64,
            currency: String,
            quantity: i64,
            sellable: i64,
            shop_id: i64,
            shipping_cents: i64,
        }
        // One line per listing: a listing asked for twice is asked for once,
        // with both quantities, so the checks below see the real total.
        let mut merged: Vec<OrderLine> = Vec::with_capacity(checkout.lines.len());
        for line in &checkout.lines {
            match merged.iter_mut().find(|m| m.listing == line.listing) {
                Some(same) => same.quantity = same.quantity.saturating_add(line.quantity),
                None => merged.push(line.clone()),
            }
        }
        // Every check first, every write after: nothing is written for a
        // checkout that is refused.
        let mut per_shop: BTreeMap<i64, ShopPart<'_>> = BTreeMap::new();
        for line in &merged {
            let stock: Option<Stock> = sqlx::query_as(self.backend().sql(&STOCK_OF_LISTING))
                .bind(line.listing.get())
                .fetch_optional(&mut **tx)
                .await?;
            let Some(stock) = stock.filter(|s| s.sellable == 1 && line.quantity > 0) else {
                return Ok(CheckoutOutcome::Refused(CheckoutRefusal::Unavailable { listing: line.listing }));
            };
            let now = Currency::parse(&stock.currency)
                .and_then(|currency| Money::new(stock.price_cents, currency))
                .map_err(|e| Error::Corrupt(format!("price of listing {}: {e}", line.listing)))?;
            if now != line.unit_price {
                return Ok(CheckoutOutcome::Refused(CheckoutRefusal::PriceChanged {
                    listing: line.listing,
                    title: stock.title,
                    now,
                }));
            }
            if stock.quantity < line.quantity {
                return Ok(CheckoutOutcome::Refused(CheckoutRefusal::OutOfStock {
                    listing: line.listing,
                    title: stock.title,
                    available: stock.quantity,
                }));
            }
            per_shop
                .entry(stock.shop_id)
                .or_insert(ShopPart { shipping_cents: stock.shipping_cents, lines: Vec::new() })
                .lines
                .push((line, stock.title));
        }
        for part in per_shop.values() {
            if part.items_cents() > Money::MAX_CENTS {
                return Ok(CheckoutOutcome::Refused(CheckoutRefusal::TooLarge));
            }
        }

        for (line, _) in per_shop.values().flat_map(|part| &part.lines) {
            // The checks above ran in this same transaction, which is the
            // only writer; the guard in the statement is the last line
            // against overselling all the same.
            let taken = sqlx::query(self.backend().sql(
                "UPDATE listings SET quantity = quantity - ?, \
                        state = CASE WHEN quantity - ? = 0 AND state = 'active' THEN 'sold_out' ELSE state END, \
                        updated_at = ? \
                 WHERE id = ? AND quantity >= ?",
            ))
            .bind(line.quantity)
            .bind(line.quantity)
            .bind(checkout.now.unix())
            .bind(line.listing.get())
            .bind(line.quantity)
            .execute(&mut **tx)
            .await?
            .rows_affected();
            if taken != 1 {
                return Err(Error::Corrupt(format!(
                    "stock of listing {} changed inside its own transaction",
                    line.listing
                )));
            }
        }

        let mut placed = Vec::with_capacity(per_shop.len());
        // RETURNING after the conflict clause: MariaDB has it too (MySQL 8 does not).
        let insert_order = format!(
            "{} RETURNING id",
            self.backend().insert_new(
                "INSERT INTO orders (number, checkout_id, shop_id, buyer_id, email, ship_name, ship_line1, \
                                     ship_line2, ship_postcode, ship_city, ship_country, status, items_cents, \
                                     shipping_cents, currency, pay_by, pay_later, charging_until, created_at, updated_at) \
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                "number",
            )
        );
        for (shop, part) in per_shop {
            let (shipping_cents, lines) = (part.shipping_cents, &part.lines);
            let currency = lines.first().map_or(Currency::EUR, |(line, _)| line.unit_price.currency());
            let items_cents = part.items_cents();
            let address = &checkout.address;
            // A random number, taken only if free: a clash (rare, but with
            // 40 bits not negligible over millions of orders) just draws again.
            let (id, number) = loop {
                let number = random_order_number()?;
                let inserted: Option<Option<(i64,)>> = ignore_duplicate(
                    sqlx::query_as(self.backend().assembled_sql(insert_order.clone()))
                        .bind(number.as_str().to_owned())
                        .bind(checkout.checkout_id.clone())
                        .bind(shop)
                        .bind(checkout.buyer.map(UserId::get))
                        .bind(checkout.email.as_str().to_owned())
                        .bind(address.name.clone())
                        .bind(address.line1.clone())
                        .bind(address.line2.clone())
                        .bind(address.postcode.clone())
                        .bind(address.city.clone())
                        .bind(address.country.clone())
                        .bind(OrderStatus::AwaitingPayment.as_str())
                        .bind(items_cents)
                        .bind(shipping_cents)
                        .bind(currency.as_str().to_owned())
                        .bind(checkout.pay_by.unix())
                        .bind(i64::from(checkout.pay_later))
                        .bind(checkout.charging_until.map(Timestamp::unix))
                        .bind(checkout.now.unix())
                        .bind(checkout.now.unix())
                        .fetch_optional(&mut **tx)
                        .await,
                )?;
                if let Some(Some((id,))) = inserted {
                    break (id, number);
                }
            };
            for (line, title) in lines {
                sqlx::query(self.backend().sql(
                    "INSERT INTO order_items (order_id, listing_id, title, unit_cents, quantity) VALUES (?, ?, ?, ?, ?)",
                ))
                .bind(id)
                .bind(line.listing.get())
                .bind(title.clone())
                .bind(line.unit_price.cents())
                .bind(line.quantity)
                .execute(&mut **tx)
                .await?;
            }
            placed.push(PlacedOrder {
                id,
                number,
                shop: ShopId::new(shop),
                items: money(items_cents, currency)?,
                shipping: money(shipping_cents, currency)?,
            });
        }
        if let Some((key, hash)) = &checkout.idempotency {
            sqlx::query(
                self.backend().sql(
                    "INSERT INTO idempotency_keys (idempotency_key, request_hash, checkout_id, created_at) VALUES (?, ?, ?, ?)",
                ),
            )
            .bind(key.clone())
            .bind(hash.clone())
            .bind(checkout.checkout_id.clone())
            .bind(checkout.now.unix())
            .execute(&mut **tx)
            .await?;
        }
        Ok(CheckoutOutcome::Placed(placed))
    }

    async fn orders_of_checkout(
        &self,
        tx: &mut Transaction<'static, Any>,
        checkout_id: &str,
    ) -> Result<Vec<PlacedOrder>, Error> {
        let rows: Vec<(i64, String, i64, i64, i64, String)> = sqlx::query_as(self.backend().sql(
            "SELECT id, number, shop_id, items_cents, shipping_cents, currency FROM orders \
             WHERE checkout_id = ? ORDER BY shop_id",
        ))
        .bind(checkout_id.to_owned())
        .fetch_all(&mut **tx)
        .await?;
        rows.into_iter()
            .map(|(id, number, shop, items, shipping, currency)| {
                let currency = Currency::parse(&currency).map_err(|e| Error::Corrupt(format!("order {id}: {e}")))?;
                Ok(PlacedOrder {
                    id,
                    number: OrderNumber::parse(&number).map_err(|e| Error::Corrupt(format!("order {id}: {e}")))?,
                    shop: ShopId::new(shop),
                    items: money(items, currency)?,
                    shipping: money(shipping, currency)?,
                })
            })
            .collect()
    }

    /// Expires the orders whose payment did not come in time (at most
    /// `limit` per call). A buyer told to wait for a payment link is not
    /// expired before the link has gone out (payments may stay switched to
    /// "later" longer than promised) — but not held more than
    /// [`LINK_WAITS_AT_MOST`] either. Each goes to `expired` with an event,
    /// and its items go back on sale — a listing sold out by it becomes
    /// active again.
    /// Returns how many expired.
    pub async fn expire_unpaid(&self, now: Timestamp, limit: u32) -> Result<u64, Error> {
        let mut tx = self.begin_write().await?;
        // Literal LIMIT: see `Database::listings`.
        let sql = format!(
            "SELECT id FROM orders WHERE status = 'awaiting_payment' AND pay_by < ? \
               AND NOT (pay_later = 1 AND link_sent_at IS NULL AND created_at > ?) \
               AND (charging_until IS NULL OR charging_until < ?) \
             ORDER BY pay_by LIMIT {limit}{}",
            // Several nodes expire at once: each takes the orders no other
            // is expiring, so no order's stock goes back twice.
            self.backend().skip_locked()
        );
        let due: Vec<(i64,)> = sqlx::query_as(self.backend().assembled_sql(sql))
            .bind(now.unix())
            .bind(now.unix() - LINK_WAITS_AT_MOST)
            .bind(now.unix())
            .fetch_all(&mut *tx)
            .await?;
        for (order,) in &due {
            self.release_stock(&mut tx, *order, now).await?;
            sqlx::query(
                self.backend().sql("UPDATE orders SET status = 'expired', pay_by = NULL, updated_at = ? WHERE id = ?"),
            )
            .bind(now.unix())
            .bind(*order)
            .execute(&mut *tx)
            .await?;
            sqlx::query(self.backend().sql(
                "INSERT INTO order_events (order_id, at, status, note) VALUES (?, ?, 'expired', 'paiement non reçu à temps')",
            ))
            .bind(*order)
            .bind(now.unix())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(due.len() as u64)
    }

    /// The checkout placed under an idempotency key, if any.
    pub async fn checkout_of_key(&self, key: &str) -> Result<Option<String>, Error> {
        let found: Option<(String,)> =
            sqlx::query_as(self.backend().sql("SELECT checkout_id FROM idempotency_keys WHERE idempotency_key = ?"))
                .bind(key.to_owned())
                .fetch_optional(self.reader())
                .await?;
        Ok(found.map(|(id,)| id))
    }

    /// Forgets idempotency keys older than `before`: a retry comes within
    /// minutes, and a key kept forever would grow with every checkout.
    pub async fn forget_idempotency_keys(&self, before: Timestamp) -> Result<u64, Error> {
        let done = sqlx::query(self.backend().sql("DELETE FROM idempotency_keys WHERE created_at < ?"))
            .bind(before.unix())
            .execute(self.writer())
            .await?;
        Ok(done.rows_affected())
    }

    /// An order's status.
    pub async fn order_status(&self, id: i64) -> Result<Option<OrderStatus>, Error> {
        let found: Option<(String,)> = sqlx::query_as(self.backend().sql("SELECT status FROM orders WHERE id = ?"))
            .bind(id)
            .fetch_optional(self.reader())
            .await?;
        found
            .map(|(status,)| OrderStatus::parse(&status).map_err(|e| Error::Corrupt(format!("order {id}: {e}"))))
            .transpose()
    }

    /// How many orders there are.
    pub async fn count_orders(&self) -> Result<i64, Error> {
        let (count,): (i64,) =
            sqlx::query_as(self.backend().sql("SELECT count(*) FROM orders")).fetch_one(self.reader()).await?;
        Ok(count)
    }

    /// Whether an order with this id exists, with at least one item.
    pub async fn order_is_recorded(&self, id: i64) -> Result<bool, Error> {
        let found: Option<(i64,)> = sqlx::query_as(self.backend().sql(
            "SELECT 1 FROM orders o WHERE o.id = ? AND EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = o.id)",
        ))
        .bind(id)
        .fetch_optional(self.reader())
        .await?;
        Ok(found.is_some())
    }
}

/// The longest an order waits for its payment link before it expires all
/// the same: a day.
pub(crate) const LINK_WAITS_AT_MOST: i64 = 24 * 3600;

/// 40 random bits as an order number.
fn random_order_number() -> Result<OrderNumber, Error> {
    let mut bytes = [0_u8; 8];
    getrandom::fill(&mut bytes).map_err(|e| Error::Corrupt(format!("random source: {e}")))?;
    Ok(OrderNumber::from_bits(u64::from_le_bytes(bytes) & ((1 << 40) - 1)))
}

/// The part of a checkout one shop ships: its shipping price, and the lines
/// with their titles as sold.
struct ShopPart<'a> {
    shipping_cents: i64,
    lines: Vec<(&'a OrderLine, String)>,
}

impl ShopPart<'_> {
    fn items_cents(&self) -> i64 {
        self.lines.iter().map(|(line, _)| line.unit_price.cents().saturating_mul(line.quantity)).sum()
    }
}

/// What a checkout reads of each listing. Whether it can be sold is the
/// browsing lists' rule ([`LISTED`]): public, of a shop neither away nor
/// suspended.
static STOCK_OF_LISTING: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT l.title, l.price_cents, l.currency, l.quantity, \
                CASE WHEN {LISTED} THEN 1 ELSE 0 END AS sellable, l.shop_id, s.shipping_cents \
         FROM listings l JOIN shops s ON s.id = l.shop_id WHERE l.id = ?"
    )
});

fn money(cents: i64, currency: Currency) -> Result<Money, Error> {
    Money::new(cents, currency).map_err(|e| Error::Corrupt(format!("order total: {e}")))
}
