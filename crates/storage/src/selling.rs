//! The seller's side: opening and running a shop, writing listings and their
//! photos, and the admin's suspension of a shop.
//!
//! Nothing here checks who is asking: the web layer decides who may change
//! what (the shop's owner, an admin) before calling in.

use crate::Error;
use crate::catalogue::{CARD_COLUMNS, CARD_JOINS, CardRow, ShopKey, card_from_row};
use crate::database::Database;
use echoppe_domain::{
    ListingCard, ListingDraft, ListingId, ListingState, Photo, Shop, ShopDraft, ShopId, Timestamp, UserId,
};
use sqlx::{Any, Transaction};
use std::collections::HashSet;

/// The most photos one listing carries.
pub const MAX_LISTING_PHOTOS: usize = 10;

/// What [`Database::append_listing_photo`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoAppend {
    Added,
    /// The listing already shows this very photo (the same bytes).
    AlreadyThere,
    /// The listing has [`MAX_LISTING_PHOTOS`] already.
    Full,
}

/// What the copy of a shop's standing on its listings (`shop_listed`) should be.
const SHOP_LISTED: &str = "(SELECT CASE WHEN s.on_holiday = 0 AND s.suspended_at IS NULL THEN 1 ELSE 0 END \
     FROM shops s WHERE s.id = listings.shop_id)";

impl Database {
    /// Opens `owner`'s shop and makes them a seller (an admin stays admin).
    /// A taken slug is [`Error::Conflict`] on `slug`; a second shop for the same
    /// person is a conflict on `owner`.
    pub async fn open_shop(&self, owner: UserId, shop: &ShopDraft, now: Timestamp) -> Result<ShopId, Error> {
        let mut tx = self.begin_write().await?;
        let (id,): (i64,) = sqlx::query_as(self.backend().sql(
            "INSERT INTO shops (owner_id, slug, name, description, location, shipping_cents, created_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        ))
        .bind(owner.get())
        .bind(shop.slug.as_str().to_owned())
        .bind(shop.name.clone())
        .bind(shop.description.clone())
        .bind(shop.location.clone())
        .bind(shop.shipping.cents())
        .bind(now.unix())
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| Error::conflict_on(e, &[("shops.slug", "slug"), ("shops.owner_id", "owner")]))?;
        sqlx::query(self.backend().sql("UPDATE users SET role = 'seller' WHERE id = ? AND role = 'buyer'"))
            .bind(owner.get())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(ShopId::new(id))
    }

    /// The shop `owner` runs, whatever its standing.
    pub async fn shop_of(&self, owner: UserId) -> Result<Option<Shop>, Error> {
        self.shop_where("s.owner_id = ?", ShopKey::Id(owner.get())).await
    }

    pub async fn shop(&self, id: ShopId) -> Result<Option<Shop>, Error> {
        self.shop_where("s.id = ?", ShopKey::Id(id.get())).await
    }

    /// Rewrites the shop's description; a taken slug is [`Error::Conflict`] on `slug`.
    pub async fn update_shop(&self, id: ShopId, shop: &ShopDraft) -> Result<(), Error> {
        sqlx::query(self.backend().sql(
            "UPDATE shops SET slug = ?, name = ?, description = ?, location = ?, shipping_cents = ? WHERE id = ?",
        ))
        .bind(shop.slug.as_str().to_owned())
        .bind(shop.name.clone())
        .bind(shop.description.clone())
        .bind(shop.location.clone())
        .bind(shop.shipping.cents())
        .bind(id.get())
        .execute(self.writer())
        .await
        .map_err(|e| Error::conflict_on(e, &[("shops.slug", "slug")]))?;
        Ok(())
    }

    pub async fn set_shop_avatar(&self, id: ShopId, avatar: Option<&Photo>) -> Result<(), Error> {
        sqlx::query(
            self.backend().sql("UPDATE shops SET avatar_key = ?, avatar_width = ?, avatar_height = ? WHERE id = ?"),
        )
        .bind(avatar.map(|p| p.key.as_str().to_owned()))
        .bind(avatar.map(|p| i64::from(p.width)))
        .bind(avatar.map(|p| i64::from(p.height)))
        .bind(id.get())
        .execute(self.writer())
        .await?;
        Ok(())
    }

    /// Puts the shop on holiday or brings it back.
    pub async fn set_shop_holiday(&self, id: ShopId, on_holiday: bool) -> Result<(), Error> {
        self.change_shop_standing(id, "UPDATE shops SET on_holiday = ? WHERE id = ?", i64::from(on_holiday)).await
    }

    /// Suspends the shop (an admin's decision) or lifts the suspension.
    pub async fn set_shop_suspended(&self, id: ShopId, suspended: bool, now: Timestamp) -> Result<(), Error> {
        let at = suspended.then_some(now.unix());
        self.change_shop_standing(id, "UPDATE shops SET suspended_at = ? WHERE id = ?", at).await
    }

    /// Changes a shop's standing and, in the same transaction, the copy of it
    /// on every one of its listings.
    async fn change_shop_standing<V>(&self, id: ShopId, update: &'static str, value: V) -> Result<(), Error>
    where
        V: for<'q> sqlx::Encode<'q, Any> + sqlx::Type<Any> + Send + 'static,
    {
        let mut tx = self.begin_write().await?;
        sqlx::query(self.backend().sql(update)).bind(value).bind(id.get()).execute(&mut *tx).await?;
        self.relist(&mut tx, "shop_id = ?", id.get()).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Recomputes `shop_listed` for the listings matching `condition`.
    async fn relist(&self, tx: &mut Transaction<'static, Any>, condition: &str, value: i64) -> Result<(), Error> {
        let sql = format!("UPDATE listings SET shop_listed = {SHOP_LISTED} WHERE {condition}");
        sqlx::query(self.backend().assembled_sql(sql)).bind(value).execute(&mut **tx).await?;
        Ok(())
    }

    /// Writes a new listing in `state` with its tags and materials.
    pub async fn create_listing(
        &self,
        shop: ShopId,
        listing: &ListingDraft,
        state: ListingState,
        now: Timestamp,
    ) -> Result<ListingId, Error> {
        let mut tx = self.begin_write().await?;
        let (id,): (i64,) = sqlx::query_as(self.backend().sql(
            "INSERT INTO listings (shop_id, category_id, title, description, price_cents, currency, quantity, \
                                   state, created_at, updated_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        ))
        .bind(shop.get())
        .bind(listing.category.get())
        .bind(listing.title.clone())
        .bind(listing.description.clone())
        .bind(listing.price.cents())
        .bind(listing.price.currency().as_str().to_owned())
        .bind(listing.quantity)
        .bind(state.as_str())
        .bind(now.unix())
        .bind(now.unix())
        .fetch_one(&mut *tx)
        .await?;
        self.relist(&mut tx, "id = ?", id).await?;
        self.write_words(&mut tx, id, listing).await?;
        tx.commit().await?;
        Ok(ListingId::new(id))
    }

    /// Rewrites a listing's description and sets its state (which follows the
    /// stock: see [`ListingState::with_stock`]).
    pub async fn update_listing(
        &self,
        id: ListingId,
        listing: &ListingDraft,
        state: ListingState,
        now: Timestamp,
    ) -> Result<(), Error> {
        let mut tx = self.begin_write().await?;
        sqlx::query(self.backend().sql(
            "UPDATE listings SET category_id = ?, title = ?, description = ?, price_cents = ?, currency = ?, \
                                 quantity = ?, state = ?, updated_at = ? WHERE id = ?",
        ))
        .bind(listing.category.get())
        .bind(listing.title.clone())
        .bind(listing.description.clone())
        .bind(listing.price.cents())
        .bind(listing.price.currency().as_str().to_owned())
        .bind(listing.quantity)
        .bind(state.as_str())
        .bind(now.unix())
        .bind(id.get())
        .execute(&mut *tx)
        .await?;
        for table in ["listing_tags", "listing_materials"] {
            let sql = format!("DELETE FROM {table} WHERE listing_id = ?");
            sqlx::query(self.backend().assembled_sql(sql)).bind(id.get()).execute(&mut *tx).await?;
        }
        self.write_words(&mut tx, id.get(), listing).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn write_words(
        &self,
        tx: &mut Transaction<'static, Any>,
        id: i64,
        listing: &ListingDraft,
    ) -> Result<(), Error> {
        let lists = [("listing_tags", "tag", &listing.tags), ("listing_materials", "material", &listing.materials)];
        for (table, column, words) in lists {
            for (position, word) in (0_i64..).zip(words.iter()) {
                let sql = format!("INSERT INTO {table} (listing_id, position, {column}) VALUES (?, ?, ?)");
                sqlx::query(self.backend().assembled_sql(sql))
                    .bind(id)
                    .bind(position)
                    .bind(word.clone())
                    .execute(&mut **tx)
                    .await?;
            }
        }
        Ok(())
    }

    pub async fn set_listing_state(&self, id: ListingId, state: ListingState, now: Timestamp) -> Result<(), Error> {
        sqlx::query(self.backend().sql("UPDATE listings SET state = ?, updated_at = ? WHERE id = ?"))
            .bind(state.as_str())
            .bind(now.unix())
            .bind(id.get())
            .execute(self.writer())
            .await?;
        Ok(())
    }

    /// Deletes a listing with its photos' rows, tags, materials and the
    /// favourites pointing at it. The photo files stay: content-addressed,
    /// they may serve other listings.
    pub async fn delete_listing(&self, id: ListingId) -> Result<(), Error> {
        sqlx::query(self.backend().sql("DELETE FROM listings WHERE id = ?"))
            .bind(id.get())
            .execute(self.writer())
            .await?;
        Ok(())
    }

    /// Replaces a listing's photos by `photos`, in order: the first is the cover.
    pub async fn set_listing_photos(&self, id: ListingId, photos: &[Photo], now: Timestamp) -> Result<(), Error> {
        if photos.len() > MAX_LISTING_PHOTOS {
            return Err(Error::Corrupt(format!(
                "{} photos for listing {id}, at most {MAX_LISTING_PHOTOS}",
                photos.len()
            )));
        }
        let mut tx = self.begin_write().await?;
        sqlx::query(self.backend().sql("DELETE FROM photos WHERE listing_id = ?"))
            .bind(id.get())
            .execute(&mut *tx)
            .await?;
        self.insert_photos(&mut tx, id, 0, photos, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Adds `photo` after a listing's existing ones, unless the listing
    /// already shows it or is full. Checking and adding happen in one
    /// transaction, so two uploads at once cannot overshoot the limit.
    pub async fn append_listing_photo(
        &self,
        id: ListingId,
        photo: &Photo,
        now: Timestamp,
    ) -> Result<PhotoAppend, Error> {
        let mut tx = self.begin_write().await?;
        let (count, already): (i64, i64) = sqlx::query_as(self.backend().sql(
            "SELECT count(*), count(CASE WHEN object_key = ? THEN 1 END) \
             FROM photos WHERE listing_id = ?",
        ))
        .bind(photo.key.as_str().to_owned())
        .bind(id.get())
        .fetch_one(&mut *tx)
        .await?;
        if already > 0 {
            return Ok(PhotoAppend::AlreadyThere);
        }
        if usize::try_from(count).unwrap_or(MAX_LISTING_PHOTOS) >= MAX_LISTING_PHOTOS {
            return Ok(PhotoAppend::Full);
        }
        self.insert_photos(&mut tx, id, count, std::slice::from_ref(photo), now).await?;
        tx.commit().await?;
        Ok(PhotoAppend::Added)
    }

    /// Writes `photos` at positions from `first` on and marks the listing changed.
    async fn insert_photos(
        &self,
        tx: &mut Transaction<'static, Any>,
        id: ListingId,
        first: i64,
        photos: &[Photo],
        now: Timestamp,
    ) -> Result<(), Error> {
        for (position, photo) in (first..).zip(photos) {
            sqlx::query(
                self.backend()
                    .sql("INSERT INTO photos (listing_id, position, object_key, width, height) VALUES (?, ?, ?, ?, ?)"),
            )
            .bind(id.get())
            .bind(position)
            .bind(photo.key.as_str().to_owned())
            .bind(i64::from(photo.width))
            .bind(i64::from(photo.height))
            .execute(&mut **tx)
            .await?;
        }
        sqlx::query(self.backend().sql("UPDATE listings SET updated_at = ? WHERE id = ?"))
            .bind(now.unix())
            .bind(id.get())
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    /// Every photo key the catalogue refers to (listing photos and shop
    /// avatars), for sweeping the photo store of the others.
    pub async fn photo_keys_in_use(&self) -> Result<HashSet<String>, Error> {
        let rows: Vec<(String,)> = sqlx::query_as(self.backend().sql(
            "SELECT DISTINCT object_key FROM photos \
             UNION SELECT avatar_key FROM shops WHERE avatar_key IS NOT NULL",
        ))
        .fetch_all(self.reader())
        .await?;
        Ok(rows.into_iter().map(|(key,)| key).collect())
    }

    /// Every listing of a shop in any state, most recently changed first: the
    /// seller's own view. Reads the writer so a seller sees their change at once.
    pub async fn shop_listings_for_seller(
        &self,
        shop: ShopId,
        offset: u32,
        limit: u32,
    ) -> Result<Vec<ListingCard>, Error> {
        // Literal LIMIT/OFFSET: see `Database::listings`.
        let sql = format!(
            "{CARD_COLUMNS} FROM listings l{CARD_JOINS} WHERE l.shop_id = ? \
             ORDER BY l.updated_at DESC, l.id DESC LIMIT {limit} OFFSET {offset}"
        );
        let rows: Vec<CardRow> =
            sqlx::query_as(self.backend().assembled_sql(sql)).bind(shop.get()).fetch_all(self.writer()).await?;
        rows.into_iter().map(card_from_row).collect()
    }

    pub async fn count_shop_listings_for_seller(&self, shop: ShopId) -> Result<i64, Error> {
        let (count,): (i64,) = sqlx::query_as(self.backend().sql("SELECT count(*) FROM listings WHERE shop_id = ?"))
            .bind(shop.get())
            .fetch_one(self.writer())
            .await?;
        Ok(count)
    }
}
