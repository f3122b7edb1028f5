//! What the search index reads: listings as documents, and the change feed
//! (migration 0004) that says which ones to read again.

use crate::Error;
use crate::backend::Backend;
use crate::catalogue::LISTED;
use crate::database::Database;
use echoppe_domain::{CategoryId, ListingId, Timestamp};
use sqlx::FromRow;
use std::collections::HashMap;

/// A listing as search sees it. Only listings the browsing lists show (public,
/// of a shop neither away nor suspended) become documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchDocument {
    pub id: ListingId,
    pub title: String,
    pub description: String,
    pub tags: Vec<String>,
    pub materials: Vec<String>,
    pub shop_name: String,
    pub shop_location: String,
    pub category: CategoryId,
    pub price_cents: i64,
    pub created_at: Timestamp,
    pub favourite_count: i64,
}

/// A position in the change feed: every change up to and including it has
/// been seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct FeedPosition(pub i64);

#[derive(FromRow)]
struct DocumentRow {
    id: i64,
    title: String,
    description: String,
    shop_name: String,
    shop_location: String,
    category_id: i64,
    price_cents: i64,
    created_at: i64,
    favourite_count: i64,
}

/// The listings search shows: the same rule as the browsing lists.
const SEARCHABLE: &str = LISTED;

const DOCUMENT_COLUMNS: &str = "SELECT l.id, l.title, l.description, s.name AS shop_name, \
     s.location AS shop_location, l.category_id, l.price_cents, l.created_at, l.favourite_count \
     FROM listings l JOIN shops s ON s.id = l.shop_id";

impl Database {
    /// Searchable listings with ids above `after`, in id order, at most
    /// `limit`: the full build reads the catalogue in these batches.
    pub async fn search_documents(&self, after: i64, limit: u32) -> Result<Vec<SearchDocument>, Error> {
        // Literal LIMIT: see `Database::listings`.
        let sql = format!("{DOCUMENT_COLUMNS} WHERE l.id > ? AND {SEARCHABLE} ORDER BY l.id LIMIT {limit}");
        let rows: Vec<DocumentRow> =
            sqlx::query_as(self.backend().assembled_sql(sql)).bind(after).fetch_all(self.stale_reader()).await?;
        self.with_words(rows).await
    }

    /// The listings among `ids` that search should show, as documents; the
    /// ones missing from the answer are to be removed from the index.
    pub async fn search_documents_for(&self, ids: &[ListingId]) -> Result<Vec<SearchDocument>, Error> {
        let mut documents = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(500) {
            let markers = vec!["?"; chunk.len()].join(", ");
            let sql = format!("{DOCUMENT_COLUMNS} WHERE l.id IN ({markers}) AND {SEARCHABLE}");
            let mut query = sqlx::query_as::<_, DocumentRow>(self.backend().assembled_sql(sql));
            for id in chunk {
                query = query.bind(id.get());
            }
            let rows = query.fetch_all(self.stale_reader()).await?;
            documents.extend(self.with_words(rows).await?);
        }
        Ok(documents)
    }

    /// Adds tags and materials to a batch of rows: two queries per batch
    /// rather than two per listing.
    async fn with_words(&self, rows: Vec<DocumentRow>) -> Result<Vec<SearchDocument>, Error> {
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let mut tags = self.words_of(&ids, "listing_tags", "tag").await?;
        let mut materials = self.words_of(&ids, "listing_materials", "material").await?;
        Ok(rows
            .into_iter()
            .map(|row| SearchDocument {
                id: ListingId::new(row.id),
                tags: tags.remove(&row.id).unwrap_or_default(),
                materials: materials.remove(&row.id).unwrap_or_default(),
                title: row.title,
                description: row.description,
                shop_name: row.shop_name,
                shop_location: row.shop_location,
                category: CategoryId::new(row.category_id),
                price_cents: row.price_cents,
                created_at: Timestamp::from_unix(row.created_at),
                favourite_count: row.favourite_count,
            })
            .collect())
    }

    async fn words_of(
        &self,
        ids: &[i64],
        table: &'static str,
        column: &'static str,
    ) -> Result<HashMap<i64, Vec<String>>, Error> {
        let mut words: HashMap<i64, Vec<String>> = HashMap::new();
        for chunk in ids.chunks(500) {
            let markers = vec!["?"; chunk.len()].join(", ");
            let sql = format!(
                "SELECT listing_id, {column} FROM {table} WHERE listing_id IN ({markers}) ORDER BY listing_id, position"
            );
            let mut query = sqlx::query_as::<_, (i64, String)>(self.backend().assembled_sql(sql));
            for id in chunk {
                query = query.bind(*id);
            }
            for (id, word) in query.fetch_all(self.stale_reader()).await? {
                words.entry(id).or_default().push(word);
            }
        }
        Ok(words)
    }

    /// How many listings search should show, for a build's progress bar.
    pub async fn count_searchable(&self) -> Result<u64, Error> {
        let sql = format!("SELECT count(*) FROM listings l WHERE {SEARCHABLE}");
        let (count,): (i64,) = sqlx::query_as(self.backend().assembled_sql(sql)).fetch_one(self.stale_reader()).await?;
        Ok(u64::try_from(count).unwrap_or(0))
    }

    /// The newest position of the change feed (0 when it is empty).
    pub async fn feed_position(&self) -> Result<FeedPosition, Error> {
        let (seq,): (i64,) = sqlx::query_as(self.backend().sql("SELECT COALESCE(MAX(seq), 0) FROM listing_changes"))
            .fetch_one(self.stale_reader())
            .await?;
        Ok(FeedPosition(seq))
    }

    /// The oldest position still in the feed; a reader behind it has missed
    /// changes that were pruned and must rebuild.
    pub async fn feed_start(&self) -> Result<FeedPosition, Error> {
        let (seq,): (i64,) = sqlx::query_as(self.backend().sql("SELECT COALESCE(MIN(seq), 0) FROM listing_changes"))
            .fetch_one(self.stale_reader())
            .await?;
        Ok(FeedPosition(seq))
    }

    /// Up to `limit` changes after `after`: the listings to read again (each
    /// once) and the position reached, which never steps over a change that
    /// may still appear (see [`settled_position`]).
    pub async fn changes_after(
        &self,
        after: FeedPosition,
        limit: u32,
    ) -> Result<(Vec<ListingId>, FeedPosition), Error> {
        // Literal LIMIT: see `Database::listings`.
        let sql =
            format!("SELECT seq, listing_id, changed_at FROM listing_changes WHERE seq > ? ORDER BY seq LIMIT {limit}");
        let rows: Vec<(i64, i64, i64)> =
            sqlx::query_as(self.backend().assembled_sql(sql)).bind(after.0).fetch_all(self.stale_reader()).await?;
        let reached = match self.backend() {
            // One writer: rows appear in the order of their numbers.
            Backend::Sqlite => rows.last().map_or(after, |(seq, _, _)| FeedPosition(*seq)),
            Backend::Postgres | Backend::MySql => settled_position(after, &rows, Timestamp::now().unix()),
        };
        let mut ids: Vec<ListingId> = rows.into_iter().map(|(_, id, _)| ListingId::new(id)).collect();
        ids.sort_unstable();
        ids.dedup();
        Ok((ids, reached))
    }

    /// Forgets changes older than `before`; returns how many.
    pub async fn prune_changes(&self, before: Timestamp) -> Result<u64, Error> {
        let done = sqlx::query(self.backend().sql("DELETE FROM listing_changes WHERE changed_at < ?"))
            .bind(before.unix())
            .execute(self.writer())
            .await?;
        Ok(done.rows_affected())
    }
}

/// How long a missing number in the feed may still be a transaction that
/// has not committed yet. PostgreSQL's sequences and MySQL's AUTO_INCREMENT
/// hand out numbers at insert time: a reader can see 12 before 11 commits.
/// A gap younger than this holds the position back (the rows after it are
/// still returned, and read again next time: reading a listing twice is
/// harmless, missing one is not); an older gap was a transaction rolled
/// back, and is stepped over.
const GAP_SETTLES_SECONDS: i64 = 60;

/// The position reached after `rows` (seq, listing, changed_at), read in
/// order after `after`, at `now`.
fn settled_position(after: FeedPosition, rows: &[(i64, i64, i64)], now: i64) -> FeedPosition {
    let mut reached = after.0;
    for (seq, _, changed_at) in rows {
        if *seq != reached + 1 && now - changed_at < GAP_SETTLES_SECONDS {
            break;
        }
        reached = *seq;
    }
    FeedPosition(reached)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_young_gap_holds_the_position_and_an_old_one_is_stepped_over() {
        let now = 10_000;
        let rows = [(11, 1, now - 5), (12, 2, now - 5), (14, 3, now - 2), (15, 4, now - 1)];
        assert_eq!(settled_position(FeedPosition(10), &rows, now), FeedPosition(12), "13 may still commit");
        let rows = [(11, 1, now - 500), (13, 2, now - 400), (14, 3, now - 2)];
        assert_eq!(settled_position(FeedPosition(10), &rows, now), FeedPosition(14), "12 was rolled back");
        assert_eq!(settled_position(FeedPosition(10), &[], now), FeedPosition(10));
    }
}
