//! Bulk loading of a catalogue, for `echoppe seed` and imports.
//!
//! Rows go in as multi-row INSERTs inside one transaction per batch: a seed of
//! 200,000 listings is over a million rows, and one statement per row would
//! spend most of its time on round trips to the database.

use crate::Error;
use crate::database::Database;
use echoppe_domain::{CategoryId, ListingId, ListingState, Money, Photo, ShopId, Slug, Timestamp, UserId};
use sqlx::{Any, Transaction};

#[derive(Debug, Clone)]
pub struct NewUser {
    pub id: UserId,
    pub email: String,
    pub display_name: String,
    pub role: &'static str,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone)]
pub struct NewShop {
    pub id: ShopId,
    pub owner: UserId,
    pub slug: Slug,
    pub name: String,
    pub description: String,
    pub location: String,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone)]
pub struct NewListing {
    pub id: ListingId,
    pub shop: ShopId,
    pub category: CategoryId,
    pub title: String,
    pub description: String,
    pub price: Money,
    pub quantity: i64,
    pub state: ListingState,
    pub tags: Vec<String>,
    pub materials: Vec<String>,
    pub photos: Vec<Photo>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

#[derive(Debug, Clone)]
pub struct NewFavourite {
    pub user: UserId,
    pub listing: ListingId,
    pub created_at: Timestamp,
}

/// Rows written together, in one transaction.
#[derive(Debug, Clone, Default)]
pub struct ImportBatch {
    pub users: Vec<NewUser>,
    pub shops: Vec<NewShop>,
    pub listings: Vec<NewListing>,
    pub favourites: Vec<NewFavourite>,
}

enum Value {
    Int(i64),
    Text(String),
}

impl From<i64> for Value {
    fn from(value: i64) -> Self {
        Self::Int(value)
    }
}

impl From<String> for Value {
    fn from(value: String) -> Self {
        Self::Text(value)
    }
}

impl From<&str> for Value {
    fn from(value: &str) -> Self {
        Self::Text(value.to_owned())
    }
}

impl Database {
    /// Whether no shop exists yet: `demo` seeds only an empty catalogue.
    pub async fn catalogue_is_empty(&self) -> Result<bool, Error> {
        let (shops,): (i64,) =
            sqlx::query_as(self.backend().sql("SELECT count(*) FROM shops")).fetch_one(self.reader()).await?;
        Ok(shops == 0)
    }

    /// Writes a batch atomically. Favourites also raise their listing's
    /// `favourite_count`, which the storefront sorts by.
    pub async fn import(&self, batch: ImportBatch) -> Result<(), Error> {
        let mut tx = self.begin_write().await?;
        let ImportBatch { users, shops, listings, favourites } = batch;

        let rows = users.into_iter().map(|u| {
            vec![u.id.get().into(), u.email.into(), u.display_name.into(), u.role.into(), u.created_at.unix().into()]
        });
        self.insert_rows(&mut tx, "users", &["id", "email", "display_name", "role", "created_at"], rows).await?;

        let rows = shops.into_iter().map(|s| {
            vec![
                s.id.get().into(),
                s.owner.get().into(),
                s.slug.as_str().into(),
                s.name.into(),
                s.description.into(),
                s.location.into(),
                s.created_at.unix().into(),
            ]
        });
        let columns = ["id", "owner_id", "slug", "name", "description", "location", "created_at"];
        self.insert_rows(&mut tx, "shops", &columns, rows).await?;

        let mut tags = Vec::new();
        let mut materials = Vec::new();
        let mut photos = Vec::new();
        let mut listing_rows = Vec::with_capacity(listings.len());
        for l in listings {
            let id = l.id.get();
            tags.extend(position_rows(id, l.tags));
            materials.extend(position_rows(id, l.materials));
            photos.extend(l.photos.into_iter().zip(0_i64..).map(|(p, position)| {
                vec![
                    id.into(),
                    position.into(),
                    p.key.as_str().into(),
                    i64::from(p.width).into(),
                    i64::from(p.height).into(),
                ]
            }));
            listing_rows.push(vec![
                id.into(),
                l.shop.get().into(),
                l.category.get().into(),
                l.title.into(),
                l.description.into(),
                l.price.cents().into(),
                l.price.currency().as_str().into(),
                l.quantity.into(),
                l.state.as_str().into(),
                l.created_at.unix().into(),
                l.updated_at.unix().into(),
            ]);
        }
        let columns = [
            "id",
            "shop_id",
            "category_id",
            "title",
            "description",
            "price_cents",
            "currency",
            "quantity",
            "state",
            "created_at",
            "updated_at",
        ];
        self.insert_rows(&mut tx, "listings", &columns, listing_rows.into_iter()).await?;
        self.insert_rows(&mut tx, "listing_tags", &["listing_id", "position", "tag"], tags.into_iter()).await?;
        let columns = ["listing_id", "position", "material"];
        self.insert_rows(&mut tx, "listing_materials", &columns, materials.into_iter()).await?;
        let columns = ["listing_id", "position", "object_key", "width", "height"];
        self.insert_rows(&mut tx, "photos", &columns, photos.into_iter()).await?;

        let mut loved: Vec<i64> = favourites.iter().map(|f| f.listing.get()).collect();
        let rows = favourites
            .into_iter()
            .map(|f| vec![f.user.get().into(), f.listing.get().into(), f.created_at.unix().into()]);
        self.insert_rows(&mut tx, "favourites", &["user_id", "listing_id", "created_at"], rows).await?;
        loved.sort_unstable();
        loved.dedup();
        for chunk in loved.chunks(500) {
            let mut sql = String::from(
                "UPDATE listings SET favourite_count = \
                 (SELECT count(*) FROM favourites f WHERE f.listing_id = listings.id) WHERE id IN (",
            );
            sql.push_str(&vec!["?"; chunk.len()].join(", "));
            sql.push(')');
            let mut query = sqlx::query(self.backend().assembled_sql(sql));
            for id in chunk {
                query = query.bind(*id);
            }
            query.execute(&mut *tx).await?;
        }

        tx.commit().await?;
        for table in ["users", "shops", "listings"] {
            self.move_sequences_past(table).await?;
        }
        Ok(())
    }

    /// Inserts rows with as few statements as the engine's limit on bound
    /// parameters allows.
    async fn insert_rows(
        &self,
        tx: &mut Transaction<'static, Any>,
        table: &'static str,
        columns: &[&'static str],
        rows: impl Iterator<Item = Vec<Value>>,
    ) -> Result<(), Error> {
        // SQLite allows 32,766 parameters, PostgreSQL and MySQL 65,535; stay well under.
        let rows_per_statement = (30_000 / columns.len()).min(1_000);
        let row_markers = format!("({})", vec!["?"; columns.len()].join(", "));
        let mut rows = rows.peekable();
        while rows.peek().is_some() {
            let chunk: Vec<Vec<Value>> = rows.by_ref().take(rows_per_statement).collect();
            let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
            sql.push_str(&vec![row_markers.as_str(); chunk.len()].join(", "));
            let mut query = sqlx::query(self.backend().assembled_sql(sql));
            for value in chunk.into_iter().flatten() {
                query = match value {
                    Value::Int(v) => query.bind(v),
                    Value::Text(v) => query.bind(v),
                };
            }
            query.execute(&mut **tx).await?;
        }
        Ok(())
    }
}

fn position_rows(listing: i64, values: Vec<String>) -> impl Iterator<Item = Vec<Value>> {
    values.into_iter().zip(0_i64..).map(move |(value, position)| vec![listing.into(), position.into(), value.into()])
}
