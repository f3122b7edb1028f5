//! Which database engine a URL points at, and the few places their SQL differs.
//!
//! Queries are written once, with `?` markers, in the SQL the engines share.
//! SQLite and MySQL/MariaDB take `?` as is; PostgreSQL wants `$1, $2, …`, so
//! statements are renumbered for it. Schema differences live in per-backend
//! migration folders instead.

use crate::Error;
use sqlx::migrate::Migrator;
use sqlx::{AssertSqlSafe, SqlSafeStr, SqlStr};

// One folder per engine, version for version the same schema.
static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");
static MYSQL_MIGRATIONS: Migrator = sqlx::migrate!("migrations/mysql");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
    MySql,
}

impl Backend {
    /// Reads the engine from the URL's scheme.
    pub fn from_url(url: &str) -> Result<Self, Error> {
        let scheme = url.split_once(':').map(|(scheme, _)| scheme).unwrap_or_default();
        match scheme {
            "sqlite" => Ok(Self::Sqlite),
            "postgres" | "postgresql" => Ok(Self::Postgres),
            "mysql" | "mariadb" => Ok(Self::MySql),
            _ => Err(Error::UnknownBackend { url: redact(url) }),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Sqlite => "SQLite",
            Self::Postgres => "PostgreSQL",
            Self::MySql => "MySQL/MariaDB",
        }
    }

    /// The schema migrations for this engine, embedded in the binary.
    pub(crate) fn migrator(self) -> &'static Migrator {
        match self {
            Self::Sqlite => &SQLITE_MIGRATIONS,
            Self::Postgres => &POSTGRES_MIGRATIONS,
            Self::MySql => &MYSQL_MIGRATIONS,
        }
    }

    /// The newest schema version this binary knows, the same on every engine.
    pub(crate) fn schema_version(self) -> i64 {
        self.migrator().iter().map(|m| m.version).max().unwrap_or(0)
    }

    /// What a `SELECT` in a transaction ends with to lock the rows it reads,
    /// passing over those another transaction holds: how several nodes
    /// share a queue of work without taking the same item. Nothing on
    /// SQLite, whose one writer is alone anyway.
    pub(crate) fn skip_locked(self) -> &'static str {
        match self {
            Self::Sqlite => "",
            Self::Postgres | Self::MySql => " FOR UPDATE SKIP LOCKED",
        }
    }

    /// The statement that holds a lease's row until the transaction ends,
    /// serialising one piece of work across the cluster's nodes; `None` on
    /// SQLite, whose one writer already serialises everything.
    pub(crate) fn lock_row_sql(self) -> Option<&'static str> {
        match self {
            Self::Sqlite => None,
            Self::Postgres | Self::MySql => Some("SELECT name FROM leases WHERE name = ? FOR UPDATE"),
        }
    }

    /// A statement written with `?` markers, in this engine's placeholder style.
    pub fn sql(self, statement: &'static str) -> SqlStr {
        match self {
            Self::Postgres => AssertSqlSafe(number_placeholders(statement)).into_sql_str(),
            Self::Sqlite | Self::MySql => statement.into_sql_str(),
        }
    }

    /// Same as [`Backend::sql`] for a statement assembled at run time from
    /// fixed fragments (never from input: values always go through binds).
    pub fn assembled_sql(self, statement: String) -> SqlStr {
        match self {
            Self::Postgres => AssertSqlSafe(number_placeholders(&statement)).into_sql_str(),
            Self::Sqlite | Self::MySql => AssertSqlSafe(statement).into_sql_str(),
        }
    }
}

/// The few constructs whose words differ between the engines, for the
/// statements that need them (assembled with `format!` and passed to
/// [`Backend::assembled_sql`]). Everything else is written once.
impl Backend {
    /// `INSERT …` that adds a row unless one with the same `key` exists.
    /// SQLite and PostgreSQL say `ON CONFLICT (key) DO NOTHING`. MySQL has no
    /// such clause (`INSERT IGNORE` would also hide other errors, a failed
    /// check or a missing foreign key), so there the plain insert fails on the
    /// duplicate and [`ignore_duplicate`] reads that error as "already
    /// there": MySQL undoes the statement alone, not its transaction.
    pub(crate) fn insert_new(self, insert: &str, key: &str) -> String {
        match self {
            Self::Sqlite | Self::Postgres => format!("{insert} ON CONFLICT ({key}) DO NOTHING"),
            Self::MySql => insert.to_owned(),
        }
    }

    /// `INSERT …` that updates the row with the same `key` as `set` says.
    /// `set` names the proposed values `excluded.column` and the existing
    /// ones `table.column` (unqualified names are ambiguous to PostgreSQL);
    /// MySQL's `ON DUPLICATE KEY UPDATE` spells the proposed `VALUES(column)`.
    /// On MySQL the assignments run in order, each seeing the ones before:
    /// an assignment must not read a column assigned earlier in `set`.
    pub(crate) fn upsert(self, insert: &str, key: &str, set: &str) -> String {
        match self {
            Self::Sqlite | Self::Postgres => format!("{insert} ON CONFLICT ({key}) DO UPDATE SET {set}"),
            Self::MySql => format!("{insert} ON DUPLICATE KEY UPDATE {}", proposed_as_values(set)),
        }
    }

    /// The larger of two values (SQLite's two-argument `max`).
    pub(crate) fn greatest(self) -> &'static str {
        match self {
            Self::Sqlite => "max",
            Self::Postgres | Self::MySql => "GREATEST",
        }
    }

    /// The smaller of two values (SQLite's two-argument `min`).
    pub(crate) fn least(self) -> &'static str {
        match self {
            Self::Sqlite => "min",
            Self::Postgres | Self::MySql => "LEAST",
        }
    }

    /// A 64-bit integer type for `CAST`: sums are NUMERIC on PostgreSQL and
    /// DECIMAL on MySQL, types sqlx's `Any` driver cannot read.
    pub(crate) fn integer(self) -> &'static str {
        match self {
            Self::Sqlite | Self::Postgres => "BIGINT",
            Self::MySql => "SIGNED",
        }
    }

    /// `SUM(expression)` as a 64-bit integer on every engine.
    pub fn sum(self, expression: &str) -> String {
        format!("CAST(COALESCE(SUM({expression}), 0) AS {})", self.integer())
    }
}

/// What an insert built with [`Backend::insert_new`] did: `None` when the
/// row already existed (MySQL's duplicate-key error), the result otherwise.
pub(crate) fn ignore_duplicate<T>(result: Result<T, sqlx::Error>) -> Result<Option<T>, Error> {
    match result {
        Ok(done) => Ok(Some(done)),
        Err(sqlx::Error::Database(db)) if db.is_unique_violation() => Ok(None),
        Err(error) => Err(Error::Query(error)),
    }
}

/// `excluded.column` as MySQL's `VALUES(column)`.
fn proposed_as_values(set: &str) -> String {
    let mut out = String::with_capacity(set.len() + 16);
    let mut rest = set;
    while let Some(at) = rest.find("excluded.") {
        out.push_str(&rest[..at]);
        let after = &rest[at + "excluded.".len()..];
        let end = after.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(after.len());
        out.push_str("VALUES(");
        out.push_str(&after[..end]);
        out.push(')');
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// Rewrites `?` markers as `$1, $2, …`, leaving quoted text alone.
fn number_placeholders(statement: &str) -> String {
    let mut out = String::with_capacity(statement.len() + 16);
    let mut quote: Option<char> = None;
    let mut n = 0;
    for c in statement.chars() {
        match (quote, c) {
            (None, '\'' | '"') => {
                quote = Some(c);
                out.push(c);
            }
            (Some(q), _) if c == q => {
                quote = None;
                out.push(c);
            }
            (None, '?') => {
                n += 1;
                out.push('$');
                out.push_str(&n.to_string());
            }
            _ => out.push(c),
        }
    }
    out
}

/// The URL with any password replaced, fit for logs and error messages.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority, path) = rest.split_once('/').map_or((rest, ""), |(a, p)| (a, p));
    match authority.rsplit_once('@') {
        Some((credentials, host)) => match credentials.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}/{path}"),
            None => format!("{scheme}://{credentials}@{host}/{path}"),
        },
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backends_come_from_the_scheme() {
        assert_eq!(Backend::from_url("sqlite:///var/lib/echoppe/echoppe.db").ok(), Some(Backend::Sqlite));
        assert_eq!(Backend::from_url("postgres://u:p@db/echoppe").ok(), Some(Backend::Postgres));
        assert_eq!(Backend::from_url("postgresql://db/echoppe").ok(), Some(Backend::Postgres));
        assert_eq!(Backend::from_url("mariadb://db/echoppe").ok(), Some(Backend::MySql));
        let err = Backend::from_url("oracle://scott:tiger@db/x").unwrap_err().to_string();
        assert!(err.contains("oracle://scott:***@db/x"), "{err}");
        assert!(Backend::from_url("echoppe.db").is_err());
    }

    #[test]
    fn postgres_gets_numbered_placeholders() {
        assert_eq!(
            number_placeholders("SELECT a FROM t WHERE b = ? AND c IN (?, ?) AND d = '?'"),
            "SELECT a FROM t WHERE b = $1 AND c IN ($2, $3) AND d = '?'"
        );
        assert_eq!(Backend::MySql.sql("SELECT ?").as_str(), "SELECT ?");
        assert_eq!(Backend::Postgres.sql("SELECT ?, ?").as_str(), "SELECT $1, $2");
    }

    #[test]
    fn upserts_in_each_engines_words() {
        let insert = "INSERT INTO t (k, n) VALUES (?, ?)";
        let set = "n = t.n + excluded.n, m = COALESCE(excluded.m_2, t.m)";
        assert_eq!(
            Backend::Postgres.upsert(insert, "k", set),
            "INSERT INTO t (k, n) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET n = t.n + excluded.n, m = COALESCE(excluded.m_2, t.m)"
        );
        assert_eq!(
            Backend::MySql.upsert(insert, "k", set),
            "INSERT INTO t (k, n) VALUES (?, ?) ON DUPLICATE KEY UPDATE n = t.n + VALUES(n), m = COALESCE(VALUES(m_2), t.m)"
        );
        assert_eq!(Backend::Sqlite.insert_new(insert, "k"), format!("{insert} ON CONFLICT (k) DO NOTHING"));
        assert_eq!(Backend::MySql.insert_new(insert, "k"), insert);
        assert_eq!(Backend::MySql.sum("x"), "CAST(COALESCE(SUM(x), 0) AS SIGNED)");
    }

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(redact("postgres://echoppe:s3cret@db:5432/shop"), "postgres://echoppe:***@db:5432/shop");
        assert_eq!(redact("sqlite:///tmp/x.db"), "sqlite:///tmp/x.db");
        assert_eq!(redact("postgres://postgres@db/shop"), "postgres://postgres@db/shop");
    }
}
