//! Reading orders back: one order with its items and history, the orders of
//! a checkout, of a buyer, of a shop.
//!
//! Everything here reads through the reader pool, never the writer the
//! [`OrderDesk`](crate::OrderDesk) commits with, so order pages do not queue
//! behind checkouts.

use crate::Error;
use crate::backend::Backend;
use crate::database::Database;
use echoppe_domain::{
    Carrier, Currency, ListingId, Money, OrderNumber, OrderStatus, Photo, ShippingAddress, ShopId, Timestamp, UserId,
};
use sqlx::FromRow;

/// An order, as its buyer and its seller see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderRecord {
    pub id: i64,
    pub number: OrderNumber,
    pub checkout_id: String,
    pub shop: ShopId,
    pub shop_name: String,
    pub shop_slug: String,
    pub buyer: Option<UserId>,
    pub email: String,
    pub address: ShippingAddress,
    pub status: OrderStatus,
    pub items_total: Money,
    pub shipping: Money,
    /// Until when an order awaiting payment holds its items.
    pub pay_by: Option<Timestamp>,
    /// The buyer was told a payment link would come by mail.
    pub pay_later: bool,
    pub link_sent_at: Option<Timestamp>,
    pub tracking: Option<String>,
    pub carrier: Option<Carrier>,
    pub created_at: Timestamp,
    pub paid_at: Option<Timestamp>,
    pub items: Vec<SoldItem>,
    pub history: Vec<OrderEvent>,
}

impl OrderRecord {
    pub fn total(&self) -> Money {
        order_total(self.items_total.cents(), self.shipping.cents(), self.items_total.currency())
    }
}

/// A line of an order, as it was sold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SoldItem {
    pub listing: ListingId,
    pub title: String,
    pub unit_price: Money,
    pub quantity: i64,
    /// The listing's cover photo as it is now, for a thumbnail (none once
    /// the listing is gone or has no photo).
    pub photo: Option<Photo>,
}

/// A step in an order's life after it was placed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderEvent {
    pub at: Timestamp,
    pub status: OrderStatus,
    pub note: String,
}

/// An order in a list: enough for one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderRow {
    pub number: OrderNumber,
    pub shop_name: String,
    pub status: OrderStatus,
    pub total: Money,
    /// Lines (different listings) in the order.
    pub lines: i64,
    /// Units in the order, over all its lines.
    pub units: i64,
    /// The first item's title and cover photo, to recognise the order by.
    pub first_title: String,
    pub first_photo: Option<Photo>,
    pub ship_name: String,
    pub created_at: Timestamp,
}

#[derive(FromRow)]
struct RecordRow {
    id: i64,
    number: String,
    checkout_id: String,
    shop_id: i64,
    shop_name: String,
    shop_slug: String,
    buyer_id: Option<i64>,
    email: String,
    ship_name: String,
    ship_line1: String,
    ship_line2: String,
    ship_postcode: String,
    ship_city: String,
    ship_country: String,
    status: String,
    items_cents: i64,
    shipping_cents: i64,
    currency: String,
    pay_by: Option<i64>,
    pay_later: i64,
    link_sent_at: Option<i64>,
    tracking: Option<String>,
    carrier: Option<String>,
    created_at: i64,
    paid_at: Option<i64>,
}

const RECORD_COLUMNS: &str = "SELECT o.id, o.number, o.checkout_id, o.shop_id, s.name AS shop_name, s.slug AS shop_slug, \
            o.buyer_id, o.email, o.ship_name, o.ship_line1, o.ship_line2, o.ship_postcode, o.ship_city, \
            o.ship_country, o.status, o.items_cents, o.shipping_cents, o.currency, o.pay_by, o.pay_later, \
            o.link_sent_at, o.tracking, o.carrier, o.created_at, o.paid_at \
     FROM orders o JOIN shops s ON s.id = o.shop_id";

#[derive(FromRow)]
struct ListRow {
    number: String,
    shop_name: String,
    status: String,
    items_cents: i64,
    shipping_cents: i64,
    currency: String,
    // `lines` is a reserved word in MySQL.
    line_count: i64,
    units: i64,
    first_listing: i64,
    first_title: String,
    photo_key: Option<String>,
    photo_width: Option<i64>,
    photo_height: Option<i64>,
    ship_name: String,
    created_at: i64,
}

// The first item is the one with the lowest listing id, as on the order's
// page; its cover photo is joined once the page's rows are chosen.
fn list_columns(backend: Backend) -> String {
    let units = backend.sum("i.quantity");
    format!(
        "SELECT o.number, s.name AS shop_name, o.status, o.items_cents, o.shipping_cents, o.currency, \
            (SELECT count(*) FROM order_items i WHERE i.order_id = o.id) AS line_count, \
            (SELECT {units} FROM order_items i WHERE i.order_id = o.id) AS units, \
            (SELECT min(i.listing_id) FROM order_items i WHERE i.order_id = o.id) AS first_listing, \
            (SELECT i.title FROM order_items i WHERE i.order_id = o.id ORDER BY i.listing_id LIMIT 1) AS first_title, \
            (SELECT p.object_key FROM order_items i JOIN photos p ON p.listing_id = i.listing_id AND p.position = 0 \
              WHERE i.order_id = o.id ORDER BY i.listing_id LIMIT 1) AS photo_key, \
            (SELECT p.width FROM order_items i JOIN photos p ON p.listing_id = i.listing_id AND p.position = 0 \
              WHERE i.order_id = o.id ORDER BY i.listing_id LIMIT 1) AS photo_width, \
            (SELECT p.height FROM order_items i JOIN photos p ON p.listing_id = i.listing_id AND p.position = 0 \
              WHERE i.order_id = o.id ORDER BY i.listing_id LIMIT 1) AS photo_height, \
            o.ship_name, o.created_at \
     FROM orders o JOIN shops s ON s.id = o.shop_id"
    )
}

impl Database {
    /// The order numbered `number`, with its items and history.
    pub async fn order_by_number(&self, number: &OrderNumber) -> Result<Option<OrderRecord>, Error> {
        let row: Option<RecordRow> =
            sqlx::query_as(self.backend().assembled_sql(format!("{RECORD_COLUMNS} WHERE o.number = ?")))
                .bind(number.as_str().to_owned())
                .fetch_optional(self.reader())
                .await?;
        match row {
            Some(row) => Ok(Some(self.complete(row).await?)),
            None => Ok(None),
        }
    }

    /// The orders of one checkout (one per shop), with items and history.
    pub async fn checkout_orders(&self, checkout_id: &str) -> Result<Vec<OrderRecord>, Error> {
        let rows: Vec<RecordRow> = sqlx::query_as(
            self.backend().assembled_sql(format!("{RECORD_COLUMNS} WHERE o.checkout_id = ? ORDER BY o.id")),
        )
        .bind(checkout_id.to_owned())
        .fetch_all(self.reader())
        .await?;
        let mut orders = Vec::with_capacity(rows.len());
        for row in rows {
            orders.push(self.complete(row).await?);
        }
        Ok(orders)
    }

    /// A buyer's orders, newest first.
    pub async fn orders_of_buyer(&self, buyer: UserId, offset: u32, limit: u32) -> Result<Vec<OrderRow>, Error> {
        // Literal LIMIT/OFFSET: see `Database::listings`.
        let sql = format!(
            "{} WHERE o.buyer_id = ? ORDER BY o.created_at DESC, o.id DESC LIMIT {limit} OFFSET {offset}",
            list_columns(self.backend())
        );
        let rows: Vec<ListRow> =
            sqlx::query_as(self.backend().assembled_sql(sql)).bind(buyer.get()).fetch_all(self.reader()).await?;
        rows.into_iter().map(list_row).collect()
    }

    pub async fn count_orders_of_buyer(&self, buyer: UserId) -> Result<i64, Error> {
        let (count,): (i64,) = sqlx::query_as(self.backend().sql("SELECT count(*) FROM orders WHERE buyer_id = ?"))
            .bind(buyer.get())
            .fetch_one(self.reader())
            .await?;
        Ok(count)
    }

    /// A shop's orders, newest first; only those in `status` if given.
    pub async fn orders_of_shop(
        &self,
        shop: ShopId,
        status: Option<OrderStatus>,
        offset: u32,
        limit: u32,
    ) -> Result<Vec<OrderRow>, Error> {
        let filter = if status.is_some() { " AND o.status = ?" } else { "" };
        let sql = format!(
            "{} WHERE o.shop_id = ?{filter} ORDER BY o.created_at DESC, o.id DESC LIMIT {limit} OFFSET {offset}",
            list_columns(self.backend())
        );
        let mut query = sqlx::query_as(self.backend().assembled_sql(sql)).bind(shop.get());
        if let Some(status) = status {
            query = query.bind(status.as_str());
        }
        let rows: Vec<ListRow> = query.fetch_all(self.reader()).await?;
        rows.into_iter().map(list_row).collect()
    }

    pub async fn count_orders_of_shop(&self, shop: ShopId, status: Option<OrderStatus>) -> Result<i64, Error> {
        let filter = if status.is_some() { " AND status = ?" } else { "" };
        let mut query = sqlx::query_as(
            self.backend().assembled_sql(format!("SELECT count(*) FROM orders WHERE shop_id = ?{filter}")),
        )
        .bind(shop.get());
        if let Some(status) = status {
            query = query.bind(status.as_str());
        }
        let (count,): (i64,) = query.fetch_one(self.reader()).await?;
        Ok(count)
    }

    /// Adds the items and the history to an order's row.
    async fn complete(&self, row: RecordRow) -> Result<OrderRecord, Error> {
        let id = row.id;
        let corrupt = |e: echoppe_domain::Invalid| Error::Corrupt(format!("order {id}: {e}"));
        let currency = Currency::parse(&row.currency).map_err(corrupt)?;
        type ItemRow = (i64, String, i64, i64, Option<String>, Option<i64>, Option<i64>);
        let items: Vec<ItemRow> = sqlx::query_as(self.backend().sql(
            "SELECT i.listing_id, i.title, i.unit_cents, i.quantity, p.object_key, p.width, p.height \
             FROM order_items i LEFT JOIN photos p ON p.listing_id = i.listing_id AND p.position = 0 \
             WHERE i.order_id = ? ORDER BY i.listing_id",
        ))
        .bind(id)
        .fetch_all(self.reader())
        .await?;
        let events: Vec<(i64, String, String)> = sqlx::query_as(
            // Events of one second in the order an order lives them (statuses
            // only move forward): portable, unlike SQLite's rowid.
            self.backend().sql(
                "SELECT at, status, note FROM order_events WHERE order_id = ? ORDER BY at, \
                 CASE status WHEN 'awaiting_payment' THEN 0 WHEN 'paid' THEN 1 WHEN 'shipped' THEN 2 \
                 WHEN 'delivered' THEN 3 ELSE 4 END",
            ),
        )
        .bind(id)
        .fetch_all(self.reader())
        .await?;
        Ok(OrderRecord {
            id,
            number: OrderNumber::parse(&row.number).map_err(corrupt)?,
            checkout_id: row.checkout_id,
            shop: ShopId::new(row.shop_id),
            shop_name: row.shop_name,
            shop_slug: row.shop_slug,
            buyer: row.buyer_id.map(UserId::new),
            email: row.email,
            address: ShippingAddress {
                name: row.ship_name,
                line1: row.ship_line1,
                line2: row.ship_line2,
                postcode: row.ship_postcode,
                city: row.ship_city,
                country: row.ship_country,
            },
            status: OrderStatus::parse(&row.status).map_err(corrupt)?,
            items_total: Money::new(row.items_cents, currency).map_err(corrupt)?,
            shipping: Money::new(row.shipping_cents, currency).map_err(corrupt)?,
            pay_by: row.pay_by.map(Timestamp::from_unix),
            pay_later: row.pay_later == 1,
            link_sent_at: row.link_sent_at.map(Timestamp::from_unix),
            tracking: row.tracking,
            carrier: row.carrier.as_deref().map(Carrier::parse).transpose().map_err(corrupt)?,
            created_at: Timestamp::from_unix(row.created_at),
            paid_at: row.paid_at.map(Timestamp::from_unix),
            items: items
                .into_iter()
                .map(|(listing, title, unit_cents, quantity, key, width, height)| {
                    Ok(SoldItem {
                        listing: ListingId::new(listing),
                        title,
                        unit_price: Money::new(unit_cents, currency).map_err(corrupt)?,
                        quantity,
                        photo: crate::catalogue::cover(key, width, height, listing)?,
                    })
                })
                .collect::<Result<_, Error>>()?,
            history: events
                .into_iter()
                .map(|(at, status, note)| {
                    Ok(OrderEvent {
                        at: Timestamp::from_unix(at),
                        status: OrderStatus::parse(&status).map_err(corrupt)?,
                        note,
                    })
                })
                .collect::<Result<_, Error>>()?,
        })
    }
}

fn list_row(row: ListRow) -> Result<OrderRow, Error> {
    let corrupt = |e: echoppe_domain::Invalid| Error::Corrupt(format!("order {}: {e}", row.number));
    let currency = Currency::parse(&row.currency).map_err(corrupt)?;
    Ok(OrderRow {
        number: OrderNumber::parse(&row.number).map_err(corrupt)?,
        status: OrderStatus::parse(&row.status).map_err(corrupt)?,
        total: order_total(row.items_cents, row.shipping_cents, currency),
        shop_name: row.shop_name,
        lines: row.line_count,
        units: row.units,
        first_photo: crate::catalogue::cover(row.photo_key, row.photo_width, row.photo_height, row.first_listing)?,
        first_title: row.first_title,
        ship_name: row.ship_name,
        created_at: Timestamp::from_unix(row.created_at),
    })
}

/// Items plus shipping. Checkout caps the items at what [`Money`] holds; the
/// shipping on top could pass it by a little, and is then shown at the cap
/// rather than failing the page.
fn order_total(items_cents: i64, shipping_cents: i64, currency: Currency) -> Money {
    let cents = items_cents.saturating_add(shipping_cents).clamp(0, Money::MAX_CENTS);
    Money::new(cents, currency).unwrap_or_else(|_| unreachable!("clamped to the range Money takes"))
}
