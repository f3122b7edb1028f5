//! Carts: what a buyer means to buy, line by line, at the price they saw.
//!
//! A cart is named by a key: `u:<user id>` for a signed-in buyer, `s:<random>`
//! for a visitor (the key lives in their session). Lines are read back with
//! the listing as it is now, so the cart page can say what changed.

use crate::Error;
use crate::database::Database;
use echoppe_domain::{Currency, ListingId, ListingState, Money, Photo, ShopId, Timestamp, UserId};
use sqlx::FromRow;

/// The cart of a signed-in buyer.
pub fn cart_of_user(user: UserId) -> String {
    format!("u:{user}")
}

/// One line of a cart, with the listing as it is now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CartLine {
    pub listing: ListingId,
    pub title: String,
    pub quantity: i64,
    /// The price when the buyer last saw it.
    pub seen: Money,
    /// The price now.
    pub price: Money,
    /// What is in stock now.
    pub available: i64,
    /// Whether it can be bought at all (public, shop open).
    pub sellable: bool,
    pub shop: ShopId,
    pub shop_name: String,
    pub shipping: Money,
    /// The listing's cover photo, for a thumbnail.
    pub photo: Option<Photo>,
}

#[derive(FromRow)]
struct LineRow {
    listing_id: i64,
    title: String,
    quantity: i64,
    seen_cents: i64,
    price_cents: i64,
    currency: String,
    available: i64,
    state: String,
    shop_listed: i64,
    shop_id: i64,
    shop_name: String,
    shipping_cents: i64,
    photo_key: Option<String>,
    photo_width: Option<i64>,
    photo_height: Option<i64>,
}

impl Database {
    /// The lines of `cart`, grouped by shop (in shop order), oldest first within one.
    pub async fn cart(&self, cart: &str) -> Result<Vec<CartLine>, Error> {
        let rows: Vec<LineRow> = sqlx::query_as(self.backend().sql(
            "SELECT c.listing_id, l.title, c.quantity, c.seen_cents, l.price_cents, l.currency, \
                    l.quantity AS available, l.state, l.shop_listed, l.shop_id, s.name AS shop_name, \
                    s.shipping_cents, p.object_key AS photo_key, p.width AS photo_width, p.height AS photo_height \
             FROM cart_items c JOIN listings l ON l.id = c.listing_id JOIN shops s ON s.id = l.shop_id \
             LEFT JOIN photos p ON p.listing_id = l.id AND p.position = 0 \
             WHERE c.cart = ? ORDER BY l.shop_id, c.added_at, c.listing_id",
        ))
        .bind(cart.to_owned())
        // The reader: cart pages do not queue behind the order desk's
        // commits. On SQLite a reader sees every commit at once; with
        // replicas, a cart read right after its change goes to the primary
        // (the scale-out work).
        .fetch_all(self.reader())
        .await?;
        rows.into_iter()
            .map(|row| {
                let corrupt = |e: echoppe_domain::Invalid| Error::Corrupt(format!("cart line {}: {e}", row.listing_id));
                let currency = Currency::parse(&row.currency).map_err(corrupt)?;
                let state = ListingState::parse(&row.state).map_err(corrupt)?;
                Ok(CartLine {
                    listing: ListingId::new(row.listing_id),
                    title: row.title,
                    quantity: row.quantity,
                    seen: Money::new(row.seen_cents, currency).map_err(corrupt)?,
                    price: Money::new(row.price_cents, currency).map_err(corrupt)?,
                    available: row.available,
                    sellable: state.is_public() && row.shop_listed == 1,
                    shop: ShopId::new(row.shop_id),
                    shop_name: row.shop_name,
                    shipping: Money::new(row.shipping_cents, currency).map_err(corrupt)?,
                    photo: crate::catalogue::cover(row.photo_key, row.photo_width, row.photo_height, row.listing_id)?,
                })
            })
            .collect()
    }

    /// Puts `quantity` of `listing` in `cart` at the price `seen` (0 removes
    /// the line).
    pub async fn set_cart_line(
        &self,
        cart: &str,
        listing: ListingId,
        quantity: i64,
        seen: Money,
        now: Timestamp,
    ) -> Result<(), Error> {
        if quantity <= 0 {
            sqlx::query(self.backend().sql("DELETE FROM cart_items WHERE cart = ? AND listing_id = ?"))
                .bind(cart.to_owned())
                .bind(listing.get())
                .execute(self.writer())
                .await?;
            return Ok(());
        }
        let sql = self.backend().upsert(
            "INSERT INTO cart_items (cart, listing_id, quantity, seen_cents, added_at) VALUES (?, ?, ?, ?, ?)",
            "cart, listing_id",
            "quantity = excluded.quantity, seen_cents = excluded.seen_cents",
        );
        sqlx::query(self.backend().assembled_sql(sql))
            .bind(cart.to_owned())
            .bind(listing.get())
            .bind(quantity)
            .bind(seen.cents())
            .bind(now.unix())
            .execute(self.writer())
            .await?;
        Ok(())
    }

    /// Moves a visitor's lines into a buyer's cart at sign-in: quantities of
    /// a listing in both add up, the price last seen is kept.
    pub async fn merge_carts(&self, from: &str, into: &str) -> Result<(), Error> {
        let mut tx = self.begin_write().await?;
        let sql = self.backend().upsert(
            "INSERT INTO cart_items (cart, listing_id, quantity, seen_cents, added_at) \
             SELECT ?, c.listing_id, c.quantity, c.seen_cents, c.added_at FROM cart_items c WHERE c.cart = ?",
            "cart, listing_id",
            "quantity = cart_items.quantity + excluded.quantity, seen_cents = excluded.seen_cents",
        );
        sqlx::query(self.backend().assembled_sql(sql))
            .bind(into.to_owned())
            .bind(from.to_owned())
            .execute(&mut *tx)
            .await?;
        sqlx::query(self.backend().sql("DELETE FROM cart_items WHERE cart = ?"))
            .bind(from.to_owned())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Forgets visitors' carts untouched since `before`: the session that
    /// named them has expired, so nobody can reach them any more.
    pub async fn forget_visitor_carts(&self, before: Timestamp) -> Result<u64, Error> {
        let done = sqlx::query(self.backend().sql("DELETE FROM cart_items WHERE cart LIKE 's:%' AND added_at < ?"))
            .bind(before.unix())
            .execute(self.writer())
            .await?;
        Ok(done.rows_affected())
    }

    /// Empties a cart (after its checkout was placed).
    pub async fn clear_cart(&self, cart: &str) -> Result<(), Error> {
        sqlx::query(self.backend().sql("DELETE FROM cart_items WHERE cart = ?"))
            .bind(cart.to_owned())
            .execute(self.writer())
            .await?;
        Ok(())
    }
}
