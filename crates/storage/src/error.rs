//! What can go wrong below the web layer.
//!
//! Start-up errors name the database (password redacted) and say what was left
//! untouched, because an operator reads them at 3 a.m.; query errors carry the
//! driver's error for the logs and are turned into a generic 500 by the web layer.

use sqlx::migrate::MigrateError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("unsupported database URL {url}: expected sqlite://, postgres:// or mysql://")]
    UnknownBackend { url: String },

    #[error("the database {location} did not answer within {after:?}; is the server running and reachable?")]
    Unreachable { location: String, after: std::time::Duration },

    #[error(
        "the database {location} is MySQL {version}; echoppe runs on MariaDB 10.5 or newer for mysql:// URLs \
         (MySQL lacks INSERT … RETURNING); nothing was written"
    )]
    UnsupportedServer { location: String, version: String },

    #[error("read replicas are for PostgreSQL; this database is {backend}")]
    ReplicasNeedPostgres { backend: &'static str },

    #[error(
        "{location} is not a read replica (it is not replaying a primary's WAL: the primary itself, or \
         another server?); give --database-replica-url a streaming standby of --database-url"
    )]
    NotAReplica { location: String },

    #[error("cannot open the database {location}: {source}")]
    Open {
        location: String,
        #[source]
        source: sqlx::Error,
    },

    #[error("{location} is not a usable SQLite database ({reason}); it was left untouched")]
    NotADatabase { location: String, reason: String },

    #[error(
        "{location} already holds tables of another application (no echoppe schema history); \
         it was left untouched — point echoppe at an empty or echoppe-made database"
    )]
    ForeignDatabase { location: String },

    #[error(
        "the database {location} has schema version {found}, newer than this echoppe knows \
         (latest {known}); it was left untouched — run a newer echoppe"
    )]
    SchemaTooNew { location: String, found: i64, known: i64 },

    #[error(
        "the database {location} has a migration that failed half-way (version {version}); \
         it was left untouched — restore it from a backup"
    )]
    Dirty { location: String, version: i64 },

    #[error("migrating the database {location} failed: {source}")]
    Migrate {
        location: String,
        #[source]
        source: MigrateError,
    },

    #[error(
        "the source database {location} has schema version {version}, this echoppe's is {known}; \
         run `echoppe migrate` on it first (nothing was copied)"
    )]
    CopySource { location: String, version: i64, known: i64 },

    #[error(
        "the target database {location} is not empty ({rows} rows in {table}); \
         copy into an empty database (nothing was copied)"
    )]
    TargetNotEmpty { location: String, table: &'static str, rows: u64 },

    #[error(
        "the copy of {table} does not match its source: {rows} rows there, {target_rows} here, or their contents differ"
    )]
    CopyMismatch { table: &'static str, rows: u64, target_rows: u64 },

    /// The driver's error is in the message, not offered as a source too:
    /// a chain printed with `{:#}` would repeat it.
    #[error("database query failed: {0}")]
    Query(sqlx::Error),

    /// The order desk's transaction failed (its checkouts were not placed).
    #[error("the order transaction failed: {0}")]
    OrderBatch(String),

    /// The order desk's transaction could not reach the database.
    #[error("the database is unavailable: {0}")]
    DatabaseAway(String),

    #[error("stored data is inconsistent: {0}")]
    Corrupt(String),

    /// A write broke a uniqueness rule: `field` says which (an e-mail address
    /// already used, a shop slug already taken), for the form to say so.
    #[error("{field} is already taken")]
    Conflict { field: &'static str },
}

impl Error {
    /// The server ended the transaction to break a deadlock or a
    /// serialization conflict: nothing was written, trying again is right.
    pub(crate) fn is_retryable(&self) -> bool {
        match self {
            Self::Query(sqlx::Error::Database(db)) => {
                // PostgreSQL: 40P01 deadlock, 40001 serialization; MySQL:
                // 40001 is its SQLSTATE for deadlocks (1213) too.
                matches!(db.code().as_deref(), Some("40P01" | "40001"))
            }
            _ => false,
        }
    }

    /// The database could not be reached (down, restarting, out of
    /// connections), as opposed to a query that failed: worth a 503 and
    /// a retry, and nothing was written. The pools reconnect by themselves
    /// once it is back.
    pub fn is_unavailable(&self) -> bool {
        match self {
            Self::Unreachable { .. } | Self::DatabaseAway(_) => true,
            Self::Open { source, .. } | Self::Query(source) => match source {
                sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut | sqlx::Error::Tls(_) | sqlx::Error::Protocol(_) => true,
                // PostgreSQL's "connection exception" (08…) and "operator
                // intervention" (57…: shutting down, restarting) classes.
                sqlx::Error::Database(db) => {
                    db.code().is_some_and(|code| code.starts_with("08") || code.starts_with("57"))
                }
                _ => false,
            },
            _ => false,
        }
    }

    /// Turns the unique-constraint violation of a write into [`Error::Conflict`]
    /// for the first `(column, field)` whose column the database names
    /// (`table.column`); any other failure stays a query error.
    pub(crate) fn conflict_on(error: sqlx::Error, columns: &[(&str, &'static str)]) -> Self {
        if let sqlx::Error::Database(database) = &error
            && database.is_unique_violation()
        {
            // Each engine names the rule its own way: SQLite and MySQL 8
            // `users.email`, PostgreSQL the constraint `users_email_key`,
            // MariaDB the key `'email'`.
            let message = database.message();
            let constraint = database.constraint().unwrap_or_default();
            let names = |column: &str| {
                let (table, name) = column.split_once('.').unwrap_or(("", column));
                message.contains(column)
                    || constraint == format!("{table}_{name}_key")
                    || message.contains(&format!("key '{name}'"))
            };
            if let Some((_, field)) = columns.iter().find(|(column, _)| names(column)) {
                return Self::Conflict { field };
            }
        }
        Self::Query(error)
    }
}

impl From<sqlx::Error> for Error {
    fn from(error: sqlx::Error) -> Self {
        Self::Query(error)
    }
}
