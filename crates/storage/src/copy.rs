//! Moving a whole marketplace to another database (`echoppe copy`): every
//! table, row for row, ids kept, from any engine to any other.
//!
//! The target gets its schema from its own migrations first (so its
//! triggers, indexes and constraints are its engine's), must hold nothing
//! but the taxonomy those migrations wrote, and is compared with the source
//! table by table at the end: row counts and a checksum of the rows. Photos
//! live in the photo store, not here, and are left untouched.

use crate::Error;
use crate::backend::Backend;
use crate::database::Database;
use futures_util::TryStreamExt as _;
use sqlx::any::{AnyRow, AnyTypeInfoKind};
use sqlx::{Row as _, ValueRef as _};
use std::hash::{DefaultHasher, Hash, Hasher};

/// Every table of the schema, parents before children (the foreign keys
/// hold at every step). A test checks this list against the migrations.
pub const TABLES: [&str; 23] = [
    "users",
    // Children after parents: the ids of the taxonomy grow with depth.
    "categories",
    "shops",
    "listings",
    "listing_tags",
    "listing_materials",
    "photos",
    "favourites",
    "sessions",
    "api_tokens",
    // After listings, whose insert triggers wrote rows of their own here.
    "listing_changes",
    "orders",
    "order_items",
    "order_events",
    "idempotency_keys",
    "cart_items",
    "listing_stats_hourly",
    "listing_stats_daily",
    "shop_stats_hourly",
    "shop_stats_daily",
    "search_terms_daily",
    "shop_search_terms_daily",
    "statistics_gaps",
];

/// Tables left out of a copy: which node holds which lease belongs to the
/// cluster running on the source, not to its data (the target's own
/// migrations write the leases free).
const NOT_COPIED: [&str; 1] = ["leases"];

/// Tables the target's migrations fill, emptied before their copy.
const WRITTEN_BY_MIGRATIONS: [&str; 1] = ["categories"];

/// What one table's copy came to, on both sides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableCopy {
    pub table: &'static str,
    pub rows: u64,
    /// Of the source's rows; the target's matched it, or the copy failed.
    pub checksum: u64,
}

/// One value of a row, as every engine can store it.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Bytes(Vec<u8>),
}

impl Hash for Cell {
    fn hash<H: Hasher>(&self, state: &mut H) {
        match self {
            Self::Null => 0_u8.hash(state),
            Self::Int(v) => (1_u8, v).hash(state),
            Self::Real(v) => (2_u8, v.to_bits()).hash(state),
            Self::Text(v) => (3_u8, v).hash(state),
            Self::Bytes(v) => (4_u8, v).hash(state),
        }
    }
}

/// A table's rows counted and hashed as they pass: the number of rows and
/// a checksum that depends on neither their order (engines sort text
/// differently) nor their columns' order: the sum of each row's hash, its
/// values taken by column name.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct TableSum {
    rows: u64,
    checksum: u64,
}

/// The columns of a result in name order, as indices, for [`TableSum`].
fn by_name(columns: &[String]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..columns.len()).collect();
    order.sort_by(|a, b| columns[*a].cmp(&columns[*b]));
    order
}

impl TableSum {
    fn add(&mut self, columns: &[String], by_name: &[usize], cells: &[Cell]) {
        let mut hasher = DefaultHasher::new();
        for &i in by_name {
            (&columns[i], &cells[i]).hash(&mut hasher);
        }
        self.checksum = self.checksum.wrapping_add(hasher.finish());
        self.rows += 1;
    }
}

fn column_names(row: &AnyRow) -> Vec<String> {
    row.columns().iter().map(|c| sqlx::Column::name(c).to_owned()).collect()
}

/// Rows per INSERT: well under every engine's limit on bound values.
const ROWS_PER_INSERT: usize = 500;

impl Database {
    /// Copies everything in this database into `target`, which is migrated
    /// first and must be empty. `progress` hears each table's name and the
    /// rows copied so far of all tables.
    pub async fn copy_into(&self, target: &Database, progress: &dyn Fn(&str, u64)) -> Result<Vec<TableCopy>, Error> {
        let version = self.schema_version().await?;
        let known = self.backend().schema_version();
        if version != known {
            return Err(Error::CopySource { location: self.location().to_owned(), version, known });
        }
        self.check_tables().await?;
        target.migrate().await?;
        for table in TABLES {
            if WRITTEN_BY_MIGRATIONS.contains(&table) {
                continue;
            }
            let rows = target.count_rows(table).await?;
            if rows > 0 {
                return Err(Error::TargetNotEmpty { location: target.location().to_owned(), table, rows });
            }
        }

        let mut copied = 0;
        let mut report = Vec::with_capacity(TABLES.len());
        for table in TABLES {
            progress(table, copied);
            let mut tx = target.begin_write().await?;
            if table == "categories" {
                // Children first: MySQL checks the parent key row by row.
                let sql = "DELETE FROM categories WHERE parent_id IS NOT NULL";
                sqlx::query(target.backend().sql(sql)).execute(&mut *tx).await?;
            }
            if WRITTEN_BY_MIGRATIONS.contains(&table) || table == "listing_changes" {
                let sql = format!("DELETE FROM {table}");
                sqlx::query(target.backend().assembled_sql(sql)).execute(&mut *tx).await?;
            }
            // The source is read once: its rows are summed as they are copied.
            let mut rows = sqlx::query(self.backend().assembled_sql(select_all(table))).fetch(self.reader());
            let mut batch: Vec<Vec<Cell>> = Vec::with_capacity(ROWS_PER_INSERT);
            let (mut columns, mut order) = (Vec::new(), Vec::new());
            let mut source = TableSum::default();
            while let Some(row) = rows.try_next().await? {
                if columns.is_empty() {
                    columns = column_names(&row);
                    order = by_name(&columns);
                }
                let cells = cells(&row)?;
                source.add(&columns, &order, &cells);
                batch.push(cells);
                if batch.len() == ROWS_PER_INSERT {
                    copied += batch.len() as u64;
                    insert(target.backend(), &mut tx, table, &columns, std::mem::take(&mut batch)).await?;
                    progress(table, copied);
                }
            }
            if !batch.is_empty() {
                copied += batch.len() as u64;
                insert(target.backend(), &mut tx, table, &columns, batch).await?;
            }
            tx.commit().await?;
            target.move_sequences_past(table).await?;

            let copy = target.table_sum(table).await?;
            if copy != source {
                return Err(Error::CopyMismatch { table, rows: source.rows, target_rows: copy.rows });
            }
            report.push(TableCopy { table, rows: source.rows, checksum: source.checksum });
        }
        progress("", copied);
        Ok(report)
    }

    /// The newest migration applied.
    pub(crate) async fn schema_version(&self) -> Result<i64, Error> {
        let (version,): (i64,) =
            sqlx::query_as(self.backend().sql("SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations"))
                .fetch_one(self.reader())
                .await?;
        Ok(version)
    }

    /// The source's tables are exactly the ones this copy knows.
    async fn check_tables(&self) -> Result<(), Error> {
        let mut found = self.table_names().await?;
        found.retain(|t| t != "_sqlx_migrations" && !NOT_COPIED.contains(&t.as_str()));
        let mut known: Vec<String> = TABLES.iter().map(|t| (*t).to_owned()).collect();
        known.sort();
        found.sort();
        if found != known {
            let unknown: Vec<&String> = found.iter().filter(|t| !known.contains(t)).collect();
            return Err(Error::Corrupt(format!("tables this copy does not know: {unknown:?}")));
        }
        Ok(())
    }

    /// The rows of every table, for a progress bar.
    pub async fn row_counts(&self) -> Result<Vec<(&'static str, u64)>, Error> {
        let mut counts = Vec::with_capacity(TABLES.len());
        for table in TABLES {
            counts.push((table, self.count_rows(table).await?));
        }
        Ok(counts)
    }

    async fn count_rows(&self, table: &str) -> Result<u64, Error> {
        let sql = format!("SELECT count(*) FROM {table}");
        let (rows,): (i64,) = sqlx::query_as(self.backend().assembled_sql(sql)).fetch_one(self.reader()).await?;
        Ok(u64::try_from(rows).unwrap_or(0))
    }

    /// The number of rows of `table` and their checksum (see [`TableSum`]).
    pub async fn table_checksum(&self, table: &str) -> Result<(u64, u64), Error> {
        let sum = self.table_sum(table).await?;
        Ok((sum.rows, sum.checksum))
    }

    async fn table_sum(&self, table: &str) -> Result<TableSum, Error> {
        let mut rows = sqlx::query(self.backend().assembled_sql(select_all(table))).fetch(self.reader());
        let (mut columns, mut order) = (Vec::new(), Vec::new());
        let mut sum = TableSum::default();
        while let Some(row) = rows.try_next().await? {
            if columns.is_empty() {
                columns = column_names(&row);
                order = by_name(&columns);
            }
            sum.add(&columns, &order, &cells(&row)?);
        }
        Ok(sum)
    }

    /// After rows were written with their ids, PostgreSQL's identity
    /// sequences still start at 1: they are moved past the largest id.
    /// (SQLite and MySQL move theirs by themselves.)
    pub(crate) async fn move_sequences_past(&self, table: &str) -> Result<(), Error> {
        if self.backend() != Backend::Postgres {
            return Ok(());
        }
        let column = match table {
            "users" | "shops" | "listings" | "orders" => "id",
            "listing_changes" => "seq",
            _ => return Ok(()),
        };
        let sql = format!(
            "SELECT setval(pg_get_serial_sequence('{table}', '{column}'), COALESCE(MAX({column}), 0) + 1, false) \
             FROM {table}"
        );
        sqlx::query(self.backend().assembled_sql(sql)).execute(self.writer()).await?;
        Ok(())
    }
}

/// Categories parents first; the other tables in any order.
fn select_all(table: &str) -> String {
    if table == "categories" { format!("SELECT * FROM {table} ORDER BY id") } else { format!("SELECT * FROM {table}") }
}

fn cells(row: &AnyRow) -> Result<Vec<Cell>, Error> {
    (0..row.len())
        .map(|i| {
            let raw = row.try_get_raw(i)?;
            if raw.is_null() {
                return Ok(Cell::Null);
            }
            let kind = raw.type_info().kind();
            Ok(match kind {
                AnyTypeInfoKind::Null => Cell::Null,
                AnyTypeInfoKind::Bool => Cell::Int(i64::from(row.try_get::<bool, _>(i)?)),
                AnyTypeInfoKind::SmallInt | AnyTypeInfoKind::Integer | AnyTypeInfoKind::BigInt => {
                    Cell::Int(row.try_get(i)?)
                }
                AnyTypeInfoKind::Real | AnyTypeInfoKind::Double => Cell::Real(row.try_get(i)?),
                AnyTypeInfoKind::Text => Cell::Text(row.try_get(i)?),
                AnyTypeInfoKind::Blob => Cell::Bytes(row.try_get(i)?),
            })
        })
        .collect()
}

async fn insert(
    backend: Backend,
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    table: &str,
    columns: &[String],
    rows: Vec<Vec<Cell>>,
) -> Result<(), Error> {
    // NULLs are written as such rather than bound: PostgreSQL wants a bound
    // value's type to match its column's, and a NULL read from SQLite has none.
    let values: Vec<String> = rows
        .iter()
        .map(|row| {
            let markers: Vec<&str> = row.iter().map(|c| if *c == Cell::Null { "NULL" } else { "?" }).collect();
            format!("({})", markers.join(", "))
        })
        .collect();
    // PostgreSQL's `seq` is an identity column it fills itself unless told.
    let overriding =
        if backend == Backend::Postgres && table == "listing_changes" { " OVERRIDING SYSTEM VALUE" } else { "" };
    let sql = format!("INSERT INTO {table} ({}){overriding} VALUES {}", columns.join(", "), values.join(", "));
    let mut query = sqlx::query(backend.assembled_sql(sql));
    for cell in rows.into_iter().flatten() {
        query = match cell {
            Cell::Null => query,
            Cell::Int(v) => query.bind(v),
            Cell::Real(v) => query.bind(v),
            Cell::Text(v) => query.bind(v),
            Cell::Bytes(v) => query.bind(v),
        };
    }
    query.execute(&mut **tx).await?;
    Ok(())
}
