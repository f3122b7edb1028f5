//! Favourites: the listings a buyer keeps an eye on.

use crate::Error;
use crate::backend::ignore_duplicate;
use crate::catalogue::{CARD_COLUMNS, CARD_JOINS, CardRow, PUBLIC, card_from_row};
use crate::database::Database;
use echoppe_domain::{ListingCard, ListingId, Timestamp, UserId};

impl Database {
    /// Marks `listing` as a favourite of `user`; `false` if it already was.
    /// The listing's `favourite_count` moves in the same transaction.
    pub async fn add_favourite(&self, user: UserId, listing: ListingId, now: Timestamp) -> Result<bool, Error> {
        let mut tx = self.begin_write().await?;
        let backend = self.backend();
        let sql = backend.insert_new(
            "INSERT INTO favourites (user_id, listing_id, created_at) VALUES (?, ?, ?)",
            "user_id, listing_id",
        );
        let added = ignore_duplicate(
            sqlx::query(backend.assembled_sql(sql))
                .bind(user.get())
                .bind(listing.get())
                .bind(now.unix())
                .execute(&mut *tx)
                .await,
        )?
        .map_or(0, |done| done.rows_affected())
            == 1;
        if added {
            sqlx::query(self.backend().sql("UPDATE listings SET favourite_count = favourite_count + 1 WHERE id = ?"))
                .bind(listing.get())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(added)
    }

    /// Removes a favourite; `false` if there was none.
    pub async fn remove_favourite(&self, user: UserId, listing: ListingId) -> Result<bool, Error> {
        let mut tx = self.begin_write().await?;
        let removed = sqlx::query(self.backend().sql("DELETE FROM favourites WHERE user_id = ? AND listing_id = ?"))
            .bind(user.get())
            .bind(listing.get())
            .execute(&mut *tx)
            .await?
            .rows_affected()
            == 1;
        if removed {
            sqlx::query(
                self.backend().sql(
                    "UPDATE listings SET favourite_count = favourite_count - 1 WHERE id = ? AND favourite_count > 0",
                ),
            )
            .bind(listing.get())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(removed)
    }

    pub async fn is_favourite(&self, user: UserId, listing: ListingId) -> Result<bool, Error> {
        let found: Option<(i64,)> =
            sqlx::query_as(self.backend().sql("SELECT 1 FROM favourites WHERE user_id = ? AND listing_id = ?"))
                .bind(user.get())
                .bind(listing.get())
                .fetch_optional(self.writer())
                .await?;
        Ok(found.is_some())
    }

    /// A buyer's favourites that buyers may still see, most recently added
    /// first. Listings withdrawn or of a suspended shop drop out of the list
    /// and come back if they return.
    pub async fn favourites(&self, user: UserId, offset: u32, limit: u32) -> Result<Vec<ListingCard>, Error> {
        // Literal LIMIT/OFFSET: see `Database::listings`.
        let sql = format!(
            "{CARD_COLUMNS} FROM favourites f JOIN listings l ON l.id = f.listing_id{CARD_JOINS} \
             WHERE f.user_id = ? AND {PUBLIC} AND s.suspended_at IS NULL \
             ORDER BY f.created_at DESC, l.id DESC LIMIT {limit} OFFSET {offset}"
        );
        let rows: Vec<CardRow> =
            sqlx::query_as(self.backend().assembled_sql(sql)).bind(user.get()).fetch_all(self.writer()).await?;
        rows.into_iter().map(card_from_row).collect()
    }

    pub async fn count_favourites(&self, user: UserId) -> Result<i64, Error> {
        let sql = format!(
            "SELECT count(*) FROM favourites f JOIN listings l ON l.id = f.listing_id JOIN shops s ON s.id = l.shop_id \
             WHERE f.user_id = ? AND {PUBLIC} AND s.suspended_at IS NULL"
        );
        let (count,): (i64,) =
            sqlx::query_as(self.backend().assembled_sql(sql)).bind(user.get()).fetch_one(self.writer()).await?;
        Ok(count)
    }
}
