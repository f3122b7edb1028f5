//! Reading the catalogue: the queries behind the storefront and the API.
//!
//! Every list of listings goes through [`Database::listings`], built from a
//! [`ListingFilter`], a [`ListingSort`] and a [`Window`], so the pages and the
//! API share one set of queries and one set of indexes.

use crate::Error;
use crate::backend::Backend;
use crate::cursor::Cursor;
use crate::database::Database;
use echoppe_domain::{
    Category, CategoryId, Currency, ListingCard, ListingDetail, ListingId, ListingSort, ListingState, Money, Photo,
    PhotoKey, PriceRange, Shop, ShopCard, ShopId, Slug, Taxonomy, Timestamp, UserId,
};
use sqlx::any::AnyArguments;
use sqlx::query::QueryAs;
use sqlx::{Any, FromRow};
use std::collections::HashMap;

/// Listings buyers may see: on their shop's page and at their own address.
pub(crate) const PUBLIC: &str = "l.state IN ('active', 'sold_out')";
/// Listings the browsing lists show: public, of a shop neither away nor
/// suspended. The partial indexes of migration 0003 are built on this
/// predicate; queries must spell it exactly for SQLite to use them.
pub(crate) const LISTED: &str = "l.state IN ('active', 'sold_out') AND l.shop_listed = 1";

/// What a listing card shows, from `listings l` joined by [`CARD_JOINS`].
pub(crate) const CARD_COLUMNS: &str = "SELECT l.id, l.title, l.price_cents, l.currency, l.state, l.quantity, l.created_at, \
     l.favourite_count, s.slug AS shop_slug, s.name AS shop_name, \
     p.object_key AS cover_key, p.width AS cover_width, p.height AS cover_height";
pub(crate) const CARD_JOINS: &str = " JOIN shops s ON s.id = l.shop_id \
     LEFT JOIN photos p ON p.listing_id = l.id AND p.position = 0";

/// Which listings a list shows. Only listings buyers may see are ever listed;
/// without a shop, only those of shops that are open (not away, not suspended).
#[derive(Debug, Clone, Default)]
pub struct ListingFilter {
    /// Empty means every category.
    pub categories: Vec<CategoryId>,
    pub shop: Option<ShopId>,
    pub price: PriceRange,
    /// Leave this listing out ("more from this shop" on its own page).
    pub exclude: Option<ListingId>,
}

/// Which slice of a sorted list to read.
#[derive(Debug, Clone)]
pub enum Window {
    /// Numbered pages, for HTML.
    Offset { offset: u32, limit: u32 },
    /// Keyset pagination, for the API: the rows after `after` (from the start if `None`).
    After { after: Option<Cursor>, limit: u32 },
}

#[derive(FromRow)]
pub(crate) struct CardRow {
    id: i64,
    title: String,
    price_cents: i64,
    currency: String,
    state: String,
    quantity: i64,
    created_at: i64,
    favourite_count: i64,
    shop_slug: String,
    shop_name: String,
    cover_key: Option<String>,
    cover_width: Option<i64>,
    cover_height: Option<i64>,
}

/// A page of cards plus where the next page starts.
#[derive(Debug, Clone)]
pub struct ListingPage {
    pub cards: Vec<ListingCard>,
    /// Present when more rows follow (keyset windows only).
    pub next: Option<Cursor>,
}

impl Database {
    /// The category tree.
    pub async fn taxonomy(&self) -> Result<Taxonomy, Error> {
        let rows: Vec<(i64, Option<i64>, String, String, i64)> =
            sqlx::query_as(self.backend().sql("SELECT id, parent_id, slug, name, position FROM categories"))
                .fetch_all(self.stale_reader())
                .await?;
        let categories = rows
            .into_iter()
            .map(|(id, parent, slug, name, position)| {
                Ok(Category {
                    id: CategoryId::new(id),
                    parent: parent.map(CategoryId::new),
                    slug: Slug::parse(&slug).map_err(|e| Error::Corrupt(format!("category {id}: {e}")))?,
                    name,
                    position,
                })
            })
            .collect::<Result<_, Error>>()?;
        Ok(Taxonomy::new(categories))
    }

    /// Listings matching `filter`, in `sort` order, within `window`.
    ///
    /// Over several categories (a top-level category and its children), each
    /// category's index range is read in order and only as far as the page
    /// needs, then the ranges are merged: "IN (...) ORDER BY ... LIMIT" would
    /// make SQLite read and sort every listing of every category instead (50 ms
    /// against 2 ms on 200,000 listings).
    pub async fn listings(
        &self,
        filter: &ListingFilter,
        sort: ListingSort,
        window: &Window,
    ) -> Result<ListingPage, Error> {
        let (key, direction, _) = order_of(sort);
        let (limit, offset, after) = match window {
            Window::Offset { offset, limit } => (*limit, *offset, None),
            Window::After { after, limit } => (*limit, 0, after.as_ref()),
        };
        // One row more than asked tells whether another page follows.
        let wanted = i64::from(limit) + 1;
        // LIMIT and OFFSET are written as literals, not bound: SQLite (3.47+)
        // treats a bound LIMIT as something the plan depends on and recompiles
        // the statement every time it is bound, which cost a third of the CPU of
        // the home page. They are integers computed here, never text from outside.
        let mut binds = Binds::default();
        let mut sql = String::from(CARD_COLUMNS);
        if filter.categories.len() > 1 {
            // Merge the per-category ranges on (key, id) alone and cut the page
            // there, so only the page's rows are joined to shops and photos.
            sql.push_str(" FROM (SELECT id, k FROM (");
            for (i, category) in filter.categories.iter().enumerate() {
                if i > 0 {
                    sql.push_str(" UNION ALL ");
                }
                let one = ListingFilter { categories: vec![*category], ..filter.clone() };
                let hint = category_index_hint(self.backend(), &one, key);
                sql.push_str(&format!("SELECT id, k FROM (SELECT l.id, l.{key} AS k FROM listings l{hint} WHERE "));
                push_filter(&mut sql, &mut binds, &one);
                push_after(&mut sql, &mut binds, sort, after);
                let depth = i64::from(offset) + wanted;
                sql.push_str(&format!(" ORDER BY l.{key} {direction}, l.id {direction} LIMIT {depth}) AS c{i}"));
            }
            sql.push_str(&format!(
                ") AS merged ORDER BY k {direction}, id {direction} LIMIT {wanted} OFFSET {offset}) AS picked"
            ));
            sql.push_str(" JOIN listings l ON l.id = picked.id");
            sql.push_str(CARD_JOINS);
            sql.push_str(&format!(" ORDER BY l.{key} {direction}, l.id {direction}"));
        } else {
            sql.push_str(" FROM listings l");
            sql.push_str(category_index_hint(self.backend(), filter, key));
            sql.push_str(CARD_JOINS);
            sql.push_str(" WHERE ");
            push_filter(&mut sql, &mut binds, filter);
            push_after(&mut sql, &mut binds, sort, after);
            sql.push_str(&format!(" ORDER BY l.{key} {direction}, l.id {direction} LIMIT {wanted} OFFSET {offset}"));
        }

        let query = sqlx::query_as::<_, CardRow>(self.backend().assembled_sql(sql));
        let mut rows = binds.apply(query).fetch_all(self.stale_reader()).await?;
        let more = rows.len() > limit as usize;
        rows.truncate(limit as usize);
        let next = match (window, more, rows.last()) {
            (Window::After { .. }, true, Some(last)) => Some(Cursor {
                sort,
                key: match sort {
                    ListingSort::Newest => last.created_at,
                    ListingSort::PriceAsc | ListingSort::PriceDesc => last.price_cents,
                    ListingSort::Popular => last.favourite_count,
                },
                id: last.id,
            }),
            _ => None,
        };
        let cards = rows.into_iter().map(card_from_row).collect::<Result<_, _>>()?;
        Ok(ListingPage { cards, next })
    }

    /// The cards of `ids`, in the order given, leaving out any that buyers
    /// can no longer see (search results are a moment old).
    pub async fn listing_cards(&self, ids: &[ListingId]) -> Result<Vec<ListingCard>, Error> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let markers = vec!["?"; ids.len()].join(", ");
        let sql = format!("{CARD_COLUMNS} FROM listings l{CARD_JOINS} WHERE l.id IN ({markers}) AND {LISTED}");
        let mut query = sqlx::query_as::<_, CardRow>(self.backend().assembled_sql(sql));
        for id in ids {
            query = query.bind(id.get());
        }
        let rows = query.fetch_all(self.stale_reader()).await?;
        let mut by_id: HashMap<i64, CardRow> = rows.into_iter().map(|row| (row.id, row)).collect();
        ids.iter().filter_map(|id| by_id.remove(&id.get())).map(card_from_row).collect()
    }

    /// How many listings match `filter`, for page counts.
    pub async fn count_listings(&self, filter: &ListingFilter) -> Result<i64, Error> {
        let mut sql = String::from("SELECT count(*) FROM listings l WHERE ");
        let mut binds = Binds::default();
        push_filter(&mut sql, &mut binds, filter);
        let query = sqlx::query_as::<_, (i64,)>(self.backend().assembled_sql(sql));
        let (count,) = binds.apply(query).fetch_one(self.stale_reader()).await?;
        Ok(count)
    }

    /// Visible listings per category among `categories` (every category when
    /// empty), for the counts beside category links.
    pub async fn listing_counts_by_category(
        &self,
        categories: &[CategoryId],
    ) -> Result<HashMap<CategoryId, i64>, Error> {
        let mut sql = String::from("SELECT l.category_id, count(*) FROM listings l WHERE ");
        let mut binds = Binds::default();
        let filter = ListingFilter { categories: categories.to_vec(), ..ListingFilter::default() };
        push_filter(&mut sql, &mut binds, &filter);
        sql.push_str(" GROUP BY l.category_id");
        let query = sqlx::query_as::<_, (i64, i64)>(self.backend().assembled_sql(sql));
        let rows = binds.apply(query).fetch_all(self.stale_reader()).await?;
        Ok(rows.into_iter().map(|(id, count)| (CategoryId::new(id), count)).collect())
    }

    /// One listing with its shop, photos, tags and materials, whatever its state
    /// (the caller decides who may see a draft).
    pub async fn listing(&self, id: ListingId) -> Result<Option<ListingDetail>, Error> {
        #[derive(FromRow)]
        struct Row {
            category_id: i64,
            title: String,
            description: String,
            price_cents: i64,
            currency: String,
            quantity: i64,
            state: String,
            favourite_count: i64,
            created_at: i64,
            updated_at: i64,
            shop_id: i64,
        }
        let row: Option<Row> = sqlx::query_as(self.backend().sql(
            "SELECT category_id, title, description, price_cents, currency, quantity, state, \
                    favourite_count, created_at, updated_at, shop_id \
             FROM listings WHERE id = ?",
        ))
        .bind(id.get())
        .fetch_optional(self.stale_reader())
        .await?;
        let Some(row) = row else { return Ok(None) };
        let shop = self
            .shop_where("s.id = ?", ShopKey::Id(row.shop_id))
            .await?
            .ok_or_else(|| Error::Corrupt(format!("listing {id} belongs to missing shop {}", row.shop_id)))?;

        // Photos, tags and materials in one statement: each statement is a
        // round trip to a reader's thread, and this page is the one a
        // broadcast's visitors open most.
        let parts: Vec<(i64, String, i64, i64)> = sqlx::query_as(self.backend().sql(
            "SELECT 0, object_key, width, height, position FROM photos WHERE listing_id = ? \
             UNION ALL SELECT 1, tag, 0, 0, position FROM listing_tags WHERE listing_id = ? \
             UNION ALL SELECT 2, material, 0, 0, position FROM listing_materials WHERE listing_id = ? \
             ORDER BY 1, 5",
        ))
        .bind(id.get())
        .bind(id.get())
        .bind(id.get())
        .fetch_all(self.stale_reader())
        .await?;
        let (mut photos, mut tags, mut materials) = (Vec::new(), Vec::new(), Vec::new());
        for (part, text, width, height) in parts {
            match part {
                0 => photos.push(photo(&text, width, height, id.get())?),
                1 => tags.push(text),
                _ => materials.push(text),
            }
        }

        Ok(Some(ListingDetail {
            id,
            shop,
            category: CategoryId::new(row.category_id),
            title: row.title,
            description: row.description,
            price: money(row.price_cents, &row.currency, id.get())?,
            quantity: row.quantity,
            state: state(&row.state, id.get())?,
            tags,
            materials,
            photos,
            favourite_count: row.favourite_count,
            created_at: Timestamp::from_unix(row.created_at),
            updated_at: Timestamp::from_unix(row.updated_at),
        }))
    }

    /// A shop by its slug.
    pub async fn shop_by_slug(&self, slug: &Slug) -> Result<Option<Shop>, Error> {
        self.shop_where("s.slug = ?", ShopKey::Slug(slug.as_str())).await
    }

    pub(crate) async fn shop_where(&self, condition: &'static str, key: ShopKey<'_>) -> Result<Option<Shop>, Error> {
        #[derive(FromRow)]
        struct Row {
            id: i64,
            slug: String,
            name: String,
            description: String,
            location: String,
            created_at: i64,
            owner_id: i64,
            owner_name: String,
            avatar_key: Option<String>,
            avatar_width: Option<i64>,
            avatar_height: Option<i64>,
            on_holiday: i64,
            suspended_at: Option<i64>,
            shipping_cents: i64,
            listing_count: i64,
        }
        let sql = format!(
            "SELECT s.id, s.slug, s.name, s.description, s.location, s.created_at, s.owner_id, \
                    u.display_name AS owner_name, s.avatar_key, s.avatar_width, s.avatar_height, \
                    s.on_holiday, s.suspended_at, s.shipping_cents, \
                    (SELECT count(*) FROM listings l WHERE l.shop_id = s.id AND {PUBLIC}) AS listing_count \
             FROM shops s JOIN users u ON u.id = s.owner_id WHERE {condition}"
        );
        let query = sqlx::query_as::<_, Row>(self.backend().assembled_sql(sql));
        let query = match key {
            ShopKey::Id(id) => query.bind(id),
            ShopKey::Slug(slug) => query.bind(slug.to_owned()),
        };
        let Some(row) = query.fetch_optional(self.stale_reader()).await? else {
            return Ok(None);
        };
        let avatar = match (row.avatar_key, row.avatar_width, row.avatar_height) {
            (Some(key), Some(width), Some(height)) => Some(shop_photo(&key, width, height, row.id)?),
            _ => None,
        };
        Ok(Some(Shop {
            id: ShopId::new(row.id),
            slug: Slug::parse(&row.slug).map_err(|e| Error::Corrupt(format!("shop {}: {e}", row.id)))?,
            name: row.name,
            description: row.description,
            location: row.location,
            owner: UserId::new(row.owner_id),
            owner_name: row.owner_name,
            avatar,
            shipping: Money::new(row.shipping_cents, Currency::EUR)
                .map_err(|e| Error::Corrupt(format!("shipping of shop {}: {e}", row.id)))?,
            on_holiday: row.on_holiday != 0,
            suspended: row.suspended_at.is_some(),
            created_at: Timestamp::from_unix(row.created_at),
            listing_count: row.listing_count,
        }))
    }
}

pub(crate) enum ShopKey<'a> {
    Id(i64),
    Slug(&'a str),
}

/// Column, direction and the keyset comparison that continues in that direction.
/// On MySQL/MariaDB, the index to read one category's listings in order.
/// Without partial indexes its optimizer prefers, for "one category, newest
/// first, 25 rows", the storefront-wide (created_at, id) index, reading
/// each row to check its category: 811 rows for a page on 50,000 listings
/// and 168 category pages/s, against the category's own index range.
/// SQLite and PostgreSQL choose it by themselves.
fn category_index_hint(backend: Backend, filter: &ListingFilter, key: &str) -> &'static str {
    if backend != Backend::MySql || filter.categories.len() != 1 || filter.shop.is_some() {
        return "";
    }
    match key {
        "created_at" => " FORCE INDEX (listings_public_by_category_newest)",
        "price_cents" => " FORCE INDEX (listings_public_by_category_price)",
        _ => " FORCE INDEX (listings_public_by_category_loved)",
    }
}

fn order_of(sort: ListingSort) -> (&'static str, &'static str, &'static str) {
    match sort {
        ListingSort::Newest => ("created_at", "DESC", "<"),
        ListingSort::PriceAsc => ("price_cents", "ASC", ">"),
        ListingSort::PriceDesc => ("price_cents", "DESC", "<"),
        ListingSort::Popular => ("favourite_count", "DESC", "<"),
    }
}

/// Continues after a cursor, in the direction of the sort.
fn push_after(sql: &mut String, binds: &mut Binds, sort: ListingSort, after: Option<&Cursor>) {
    if let Some(cursor) = after {
        // Cursor::decode only hands out cursors of the sort they are used with.
        debug_assert_eq!(cursor.sort, sort);
        let (key, _, comparison) = order_of(sort);
        sql.push_str(&format!(" AND (l.{key} {comparison} ? OR (l.{key} = ? AND l.id {comparison} ?))"));
        binds.push(cursor.key);
        binds.push(cursor.key);
        binds.push(cursor.id);
    }
}

/// Appends the WHERE conditions of `filter` (after a `WHERE` already written).
fn push_filter(sql: &mut String, binds: &mut Binds, filter: &ListingFilter) {
    // A shop's own page shows its listings while it is away; the browsing
    // lists do not.
    sql.push_str(if filter.shop.is_some() { PUBLIC } else { LISTED });
    if let [category] = filter.categories.as_slice() {
        sql.push_str(" AND l.category_id = ?");
        binds.push(category.get());
    } else if !filter.categories.is_empty() {
        sql.push_str(" AND l.category_id IN (");
        for (i, category) in filter.categories.iter().enumerate() {
            sql.push_str(if i == 0 { "?" } else { ", ?" });
            binds.push(category.get());
        }
        sql.push(')');
    }
    if let Some(shop) = filter.shop {
        sql.push_str(" AND l.shop_id = ?");
        binds.push(shop.get());
    }
    if let Some(min) = filter.price.min {
        sql.push_str(" AND l.price_cents >= ?");
        binds.push(min.cents());
    }
    if let Some(max) = filter.price.max {
        sql.push_str(" AND l.price_cents <= ?");
        binds.push(max.cents());
    }
    if let Some(excluded) = filter.exclude {
        sql.push_str(" AND l.id <> ?");
        binds.push(excluded.get());
    }
}

/// Integer values bound in the order their `?` markers were written.
#[derive(Default)]
struct Binds(Vec<i64>);

impl Binds {
    fn push(&mut self, value: i64) {
        self.0.push(value);
    }

    fn apply<'q, O>(self, mut query: QueryAs<'q, Any, O, AnyArguments>) -> QueryAs<'q, Any, O, AnyArguments> {
        for value in self.0 {
            query = query.bind(value);
        }
        query
    }
}

pub(crate) fn card_from_row(row: CardRow) -> Result<ListingCard, Error> {
    let cover = cover(row.cover_key, row.cover_width, row.cover_height, row.id)?;
    Ok(ListingCard {
        id: ListingId::new(row.id),
        price: money(row.price_cents, &row.currency, row.id)?,
        state: state(&row.state, row.id)?,
        title: row.title,
        quantity: row.quantity,
        cover,
        shop: ShopCard {
            slug: Slug::parse(&row.shop_slug).map_err(|e| Error::Corrupt(format!("listing {}: {e}", row.id)))?,
            name: row.shop_name,
        },
        created_at: Timestamp::from_unix(row.created_at),
    })
}

fn money(cents: i64, currency: &str, listing: i64) -> Result<Money, Error> {
    Currency::parse(currency)
        .and_then(|currency| Money::new(cents, currency))
        .map_err(|e| Error::Corrupt(format!("price of listing {listing}: {e}")))
}

fn state(text: &str, listing: i64) -> Result<ListingState, Error> {
    ListingState::parse(text).map_err(|e| Error::Corrupt(format!("listing {listing}: {e}")))
}

pub(crate) fn photo(key: &str, width: i64, height: i64, listing: i64) -> Result<Photo, Error> {
    parse_photo(key, width, height, &format!("listing {listing}"))
}

/// A listing's cover photo from a `LEFT JOIN` on `photos`: none when the
/// join found none.
pub(crate) fn cover(
    key: Option<String>,
    width: Option<i64>,
    height: Option<i64>,
    listing: i64,
) -> Result<Option<Photo>, Error> {
    match (key, width, height) {
        (Some(key), Some(width), Some(height)) => Ok(Some(photo(&key, width, height, listing)?)),
        _ => Ok(None),
    }
}

fn shop_photo(key: &str, width: i64, height: i64, shop: i64) -> Result<Photo, Error> {
    parse_photo(key, width, height, &format!("shop {shop}"))
}

fn parse_photo(key: &str, width: i64, height: i64, owner: &str) -> Result<Photo, Error> {
    let corrupt = |what: String| Error::Corrupt(format!("photo of {owner}: {what}"));
    Ok(Photo {
        key: PhotoKey::parse(key).map_err(|e| corrupt(e.to_string()))?,
        width: u32::try_from(width).map_err(|_| corrupt(format!("width {width}")))?,
        height: u32::try_from(height).map_err(|_| corrupt(format!("height {height}")))?,
    })
}
