//! An order's life after checkout: payment, shipping, delivery,
//! cancellation — and the mail each step owes (the outbox columns of
//! migration 0006).
//!
//! Every change is a conditional update on the status it starts from, so two
//! people acting on one order at once (a seller shipping while the buyer
//! cancels, two tabs paying) cannot both win: the loser changes nothing and
//! is told so.

use crate::Error;
use crate::database::Database;
use echoppe_domain::{Carrier, OrderStatus, Timestamp};
use sqlx::{Any, Transaction};

/// How a requested change of status went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusChange {
    Done,
    /// A payment is being taken for it at this moment.
    PaymentUnderway,
    /// The order had moved on meanwhile (or never was in the starting status).
    NotAllowed(OrderStatus),
    NotFound,
}

/// What claiming a checkout's orders for a charge found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    Ready(PaymentClaim),
    /// Another charge holds them right now.
    AlreadyCharging,
    /// Nothing is left to pay: paid, cancelled, expired, or past its deadline.
    NothingDue,
}

/// The orders of a checkout awaiting payment, held for the time a charge takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentClaim {
    /// The orders of the checkout still awaiting payment.
    pub orders: Vec<i64>,
    /// What they total, in cents, and in which currency.
    pub total_cents: i64,
    pub currency: String,
}

impl Database {
    /// Claims the orders of `checkout_id` still awaiting payment for one
    /// charge, until `hold_until`: none expires, is cancelled or is charged
    /// by anyone else meanwhile. An order past its deadline is not claimed,
    /// even before the expiry sweep has reached it.
    pub async fn claim_for_payment(
        &self,
        checkout_id: &str,
        now: Timestamp,
        hold_until: Timestamp,
    ) -> Result<Claim, Error> {
        let token = claim_token()?;
        let mut tx = self.begin_write().await?;
        let greatest = self.backend().greatest();
        sqlx::query(self.backend().assembled_sql(format!(
            "UPDATE orders SET charge_claim = ?, charging_until = ?, pay_by = {greatest}(pay_by, ?) \
             WHERE checkout_id = ? AND status = 'awaiting_payment' AND pay_by >= ? \
               AND (charging_until IS NULL OR charging_until < ?)",
        )))
        .bind(token.clone())
        .bind(hold_until.unix())
        .bind(hold_until.unix())
        .bind(checkout_id.to_owned())
        .bind(now.unix())
        .bind(now.unix())
        .execute(&mut *tx)
        .await?;
        let rows: Vec<(i64, i64, String)> = sqlx::query_as(self.backend().sql(
            "SELECT id, items_cents + shipping_cents, currency FROM orders \
             WHERE checkout_id = ? AND status = 'awaiting_payment' AND charge_claim = ? ORDER BY id",
        ))
        .bind(checkout_id.to_owned())
        .bind(token)
        .fetch_all(&mut *tx)
        .await?;
        let charging: Option<(i64,)> = if rows.is_empty() {
            sqlx::query_as(self.backend().sql(
                "SELECT 1 FROM orders WHERE checkout_id = ? AND status = 'awaiting_payment' AND charging_until >= ? LIMIT 1",
            ))
            .bind(checkout_id.to_owned())
            .bind(now.unix())
            .fetch_optional(&mut *tx)
            .await?
        } else {
            None
        };
        tx.commit().await?;
        if charging.is_some() {
            return Ok(Claim::AlreadyCharging);
        }
        if rows.is_empty() {
            return Ok(Claim::NothingDue);
        }
        Ok(Claim::Ready(PaymentClaim {
            orders: rows.iter().map(|(id, _, _)| *id).collect(),
            total_cents: rows.iter().map(|(_, cents, _)| *cents).sum(),
            currency: rows.first().map_or_else(|| "EUR".to_owned(), |(_, _, currency)| currency.clone()),
        }))
    }

    /// Records the payment of the orders claimed in `claim`. Returns how many
    /// became paid.
    pub async fn mark_paid(&self, claim: &PaymentClaim, reference: &str, now: Timestamp) -> Result<u64, Error> {
        let mut tx = self.begin_write().await?;
        let paid = self.paid_in(&mut tx, &claim.orders, reference, now).await?;
        tx.commit().await?;
        Ok(paid)
    }

    pub(crate) async fn paid_in(
        &self,
        tx: &mut Transaction<'static, Any>,
        orders: &[i64],
        reference: &str,
        now: Timestamp,
    ) -> Result<u64, Error> {
        let mut paid = 0;
        for order in orders {
            let changed = sqlx::query(self.backend().sql(
                "UPDATE orders SET status = 'paid', pay_by = NULL, paid_at = ?, payment_ref = ?, updated_at = ?, \
                                   charging_until = NULL, charge_claim = NULL \
                 WHERE id = ? AND status = 'awaiting_payment'",
            ))
            .bind(now.unix())
            .bind(reference.to_owned())
            .bind(now.unix())
            .bind(*order)
            .execute(&mut **tx)
            .await?
            .rows_affected();
            if changed == 1 {
                event(tx, self, *order, now, OrderStatus::Paid, &format!("paiement {reference}")).await?;
                paid += 1;
            }
        }
        Ok(paid)
    }

    /// The checkout ended unpaid: its buyer is owed a payment link by mail,
    /// and its items stay held until at least `hold_until` meanwhile.
    pub async fn defer_payment(&self, checkout_id: &str, now: Timestamp, hold_until: Timestamp) -> Result<(), Error> {
        let mut tx = self.begin_write().await?;
        self.deferred_in(&mut tx, checkout_id, now, hold_until).await?;
        tx.commit().await?;
        Ok(())
    }

    pub(crate) async fn deferred_in(
        &self,
        tx: &mut Transaction<'static, Any>,
        checkout_id: &str,
        now: Timestamp,
        hold_until: Timestamp,
    ) -> Result<(), Error> {
        // An order already past its deadline is not revived, and however
        // often payment is put off, an order is held a day at most.
        let (greatest, least) = (self.backend().greatest(), self.backend().least());
        sqlx::query(self.backend().assembled_sql(format!(
            "UPDATE orders SET pay_later = 1, charging_until = NULL, charge_claim = NULL, \
                               pay_by = {greatest}(pay_by, {least}(?, created_at + ?)) \
             WHERE checkout_id = ? AND status = 'awaiting_payment' AND pay_by >= ?",
        )))
        .bind(hold_until.unix())
        .bind(crate::orders::LINK_WAITS_AT_MOST)
        .bind(checkout_id.to_owned())
        .bind(now.unix())
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// A paid order leaves the workshop, with its tracking number and its
    /// carrier if any.
    pub async fn mark_shipped(
        &self,
        order: i64,
        tracking: Option<&str>,
        carrier: Option<Carrier>,
        now: Timestamp,
    ) -> Result<StatusChange, Error> {
        let mut tx = self.begin_write().await?;
        let changed = sqlx::query(self.backend().sql(
            "UPDATE orders SET status = 'shipped', tracking = ?, carrier = ?, updated_at = ? \
             WHERE id = ? AND status = 'paid'",
        ))
        .bind(tracking.map(str::to_owned))
        .bind(carrier.map(|c| c.as_str().to_owned()))
        .bind(now.unix())
        .bind(order)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        let note = match (tracking, carrier) {
            (Some(t), Some(carrier)) if carrier != Carrier::Other => format!("suivi {t} ({})", carrier.label_fr()),
            (Some(t), _) => format!("suivi {t}"),
            (None, _) => String::new(),
        };
        self.finish_change(tx, order, changed, now, OrderStatus::Shipped, &note).await
    }

    /// A shipped order arrived.
    pub async fn mark_delivered(&self, order: i64, now: Timestamp) -> Result<StatusChange, Error> {
        let mut tx = self.begin_write().await?;
        let changed = sqlx::query(
            self.backend()
                .sql("UPDATE orders SET status = 'delivered', updated_at = ? WHERE id = ? AND status = 'shipped'"),
        )
        .bind(now.unix())
        .bind(order)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        self.finish_change(tx, order, changed, now, OrderStatus::Delivered, "").await
    }

    /// Cancels an order not yet paid: its items go back on sale at once.
    pub async fn cancel_unpaid(&self, order: i64, why: &str, now: Timestamp) -> Result<StatusChange, Error> {
        let mut tx = self.begin_write().await?;
        let changed = sqlx::query(self.backend().sql(
            "UPDATE orders SET status = 'cancelled', pay_by = NULL, updated_at = ? \
             WHERE id = ? AND status = 'awaiting_payment' AND (charging_until IS NULL OR charging_until < ?)",
        ))
        .bind(now.unix())
        .bind(order)
        .bind(now.unix())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 1 {
            self.release_stock(&mut tx, order, now).await?;
        }
        self.finish_change(tx, order, changed, now, OrderStatus::Cancelled, why).await
    }

    /// Puts an order's items back on sale; a listing it sold out is active again.
    pub(crate) async fn release_stock(
        &self,
        tx: &mut Transaction<'static, Any>,
        order: i64,
        now: Timestamp,
    ) -> Result<(), Error> {
        // Correlated subqueries rather than UPDATE … FROM, which MySQL lacks.
        sqlx::query(self.backend().sql(
            "UPDATE listings SET quantity = listings.quantity + \
                        (SELECT i.quantity FROM order_items i WHERE i.order_id = ? AND i.listing_id = listings.id), \
                    state = CASE WHEN listings.state = 'sold_out' THEN 'active' ELSE listings.state END, \
                    updated_at = ? \
             WHERE listings.id IN (SELECT i.listing_id FROM order_items i WHERE i.order_id = ?)",
        ))
        .bind(order)
        .bind(now.unix())
        .bind(order)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// Commits a change that touched `changed` rows with its event, or says
    /// why nothing changed.
    async fn finish_change(
        &self,
        mut tx: Transaction<'static, Any>,
        order: i64,
        changed: u64,
        now: Timestamp,
        status: OrderStatus,
        note: &str,
    ) -> Result<StatusChange, Error> {
        if changed == 1 {
            event(&mut tx, self, order, now, status, note).await?;
            tx.commit().await?;
            return Ok(StatusChange::Done);
        }
        let current: Option<(String, Option<i64>)> =
            sqlx::query_as(self.backend().sql("SELECT status, charging_until FROM orders WHERE id = ?"))
                .bind(order)
                .fetch_optional(&mut *tx)
                .await?;
        tx.rollback().await?;
        match current {
            Some((_, Some(until))) if until >= now.unix() => Ok(StatusChange::PaymentUnderway),
            Some((current, _)) => Ok(StatusChange::NotAllowed(
                OrderStatus::parse(&current).map_err(|e| Error::Corrupt(format!("order {order}: {e}")))?,
            )),
            None => Ok(StatusChange::NotFound),
        }
    }

    /// Checkouts whose buyer has not had their confirmation yet, oldest
    /// first. A checkout is due once its payment attempt is over (paid, or
    /// pay later), or after `settle` seconds whatever happened — the server
    /// may have stopped in the middle of the attempt.
    pub async fn checkouts_to_confirm(&self, now: Timestamp, settle: i64, limit: u32) -> Result<Vec<String>, Error> {
        let sql = format!(
            "SELECT checkout_id FROM orders WHERE buyer_told_at IS NULL \
               AND (status <> 'awaiting_payment' OR pay_later = 1 OR created_at < ?) \
             GROUP BY checkout_id ORDER BY min(created_at) LIMIT {limit}"
        );
        let rows: Vec<(String,)> = sqlx::query_as(self.backend().assembled_sql(sql))
            .bind(now.unix() - settle)
            .fetch_all(self.reader())
            .await?;
        Ok(rows.into_iter().map(|(id,)| id).collect())
    }

    /// The buyers of these checkouts have had their confirmation. One
    /// transaction for a round of mail, not one commit per mail.
    pub async fn mark_buyers_told(&self, checkouts: &[String], now: Timestamp) -> Result<(), Error> {
        let mut tx = self.begin_write().await?;
        for checkout_id in checkouts {
            sqlx::query(
                self.backend()
                    .sql("UPDATE orders SET buyer_told_at = ? WHERE checkout_id = ? AND buyer_told_at IS NULL"),
            )
            .bind(now.unix())
            .bind(checkout_id.clone())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Checkouts owed a payment link, oldest first; with `placed_before`,
    /// only those placed before then (whose promised time runs out first).
    pub async fn checkouts_owed_a_link(
        &self,
        limit: u32,
        placed_before: Option<Timestamp>,
    ) -> Result<Vec<String>, Error> {
        // Literal LIMIT: see `Database::listings`. With no bound, the bound
        // is the end of time, so there is one statement to prepare.
        let sql = format!(
            "SELECT checkout_id FROM orders \
             WHERE pay_later = 1 AND link_sent_at IS NULL AND status = 'awaiting_payment' AND created_at < ? \
             GROUP BY checkout_id ORDER BY min(created_at) LIMIT {limit}"
        );
        let rows: Vec<(String,)> = sqlx::query_as(self.backend().assembled_sql(sql))
            .bind(placed_before.map_or(i64::MAX, Timestamp::unix))
            .fetch_all(self.reader())
            .await?;
        Ok(rows.into_iter().map(|(id,)| id).collect())
    }

    /// The payment links of these checkouts went out: their orders hold
    /// their items until at least `pay_by`, a whole payment window from the mail.
    pub async fn mark_links_sent(&self, checkouts: &[String], pay_by: Timestamp, now: Timestamp) -> Result<(), Error> {
        let mut tx = self.begin_write().await?;
        for checkout_id in checkouts {
            let greatest = self.backend().greatest();
            sqlx::query(self.backend().assembled_sql(format!(
                "UPDATE orders SET link_sent_at = ?, pay_by = {greatest}(pay_by, ?) \
                 WHERE checkout_id = ? AND status = 'awaiting_payment' AND link_sent_at IS NULL",
            )))
            .bind(now.unix())
            .bind(pay_by.unix())
            .bind(checkout_id.clone())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Paid orders whose seller has not been told, oldest first: (order number,
    /// the seller's address).
    pub async fn orders_to_announce(&self, limit: u32) -> Result<Vec<(String, String)>, Error> {
        let sql = format!(
            "SELECT o.number, u.email FROM orders o JOIN shops s ON s.id = o.shop_id JOIN users u ON u.id = s.owner_id \
             WHERE o.seller_told_at IS NULL AND o.paid_at IS NOT NULL ORDER BY o.paid_at LIMIT {limit}"
        );
        Ok(sqlx::query_as(self.backend().assembled_sql(sql)).fetch_all(self.reader()).await?)
    }

    /// The sellers of these orders have been told.
    pub async fn mark_sellers_told(&self, orders: &[i64], now: Timestamp) -> Result<(), Error> {
        self.stamp_orders("UPDATE orders SET seller_told_at = ? WHERE id = ?", orders, now).await
    }

    /// Shipped orders whose buyer has not been told, oldest first (numbers).
    pub async fn orders_shipped_untold(&self, limit: u32) -> Result<Vec<String>, Error> {
        let sql = format!(
            "SELECT number FROM orders WHERE shipped_told_at IS NULL AND status = 'shipped' ORDER BY updated_at LIMIT {limit}"
        );
        let rows: Vec<(String,)> = sqlx::query_as(self.backend().assembled_sql(sql)).fetch_all(self.reader()).await?;
        Ok(rows.into_iter().map(|(number,)| number).collect())
    }

    /// The buyers of these shipped orders have been told.
    pub async fn mark_shipped_told(&self, orders: &[i64], now: Timestamp) -> Result<(), Error> {
        self.stamp_orders("UPDATE orders SET shipped_told_at = ? WHERE id = ?", orders, now).await
    }

    /// Runs `update` (which sets a time, then names an order) for each of
    /// `orders`, in one transaction.
    async fn stamp_orders(&self, update: &'static str, orders: &[i64], now: Timestamp) -> Result<(), Error> {
        let mut tx = self.begin_write().await?;
        for order in orders {
            sqlx::query(self.backend().sql(update)).bind(now.unix()).bind(*order).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

/// 128 random bits naming one claim.
fn claim_token() -> Result<String, Error> {
    let mut bytes = [0_u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| Error::Corrupt(format!("random source: {e}")))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

async fn event(
    tx: &mut Transaction<'static, Any>,
    db: &Database,
    order: i64,
    at: Timestamp,
    status: OrderStatus,
    note: &str,
) -> Result<(), Error> {
    sqlx::query(db.backend().sql("INSERT INTO order_events (order_id, at, status, note) VALUES (?, ?, ?, ?)"))
        .bind(order)
        .bind(at.unix())
        .bind(status.as_str())
        .bind(note.to_owned())
        .execute(&mut **tx)
        .await?;
    Ok(())
}
