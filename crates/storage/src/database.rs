//! The connection to the database: which engine, separate pools for reading and
//! writing, schema migrations.

use crate::Error;
use crate::backend::{Backend, redact};
use crate::replicas::{ReplicaState, Replicas};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::MigrateError;
use sqlx::{AnyConnection, AnyPool, Connection, Executor};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

/// How to reach the database.
#[derive(Debug, Clone)]
pub struct DatabaseSettings {
    /// `sqlite:///path/echoppe.db`, `postgres://…` or `mysql://…`.
    pub url: String,
    /// Connections of the read pool: pages and the API read through these.
    pub read_connections: u32,
    /// How long a request waits for a free connection before giving up.
    pub acquire_timeout: Duration,
    /// Bytes of a SQLite file each reader maps into memory (0: none).
    pub sqlite_mmap_bytes: u64,
    /// PostgreSQL read replicas of the primary `url`.
    pub replicas: Vec<String>,
    /// How far behind the primary a replica may be and still be read.
    pub replica_max_lag: Duration,
}

impl Default for DatabaseSettings {
    fn default() -> Self {
        Self {
            url: String::new(),
            read_connections: 8,
            acquire_timeout: Duration::from_secs(5),
            sqlite_mmap_bytes: 0,
            replicas: Vec::new(),
            replica_max_lag: Duration::from_secs(5),
        }
    }
}

/// A handle to the database, cheap to clone.
///
/// Reads and writes go through separate pools. On SQLite this lets many readers
/// work beside the single writer WAL mode allows; on a scaled-out deployment the
/// read pool will point at a replica.
#[derive(Debug, Clone)]
pub struct Database {
    backend: Backend,
    read: AnyPool,
    write: AnyPool,
    location: String,
    replicas: Arc<Replicas>,
}

/// Occupancy of the two pools, for `/metrics`.
#[derive(Debug, Clone, Copy)]
pub struct PoolStats {
    pub read_size: u32,
    pub read_idle: usize,
    pub write_size: u32,
    pub write_idle: usize,
}

/// The database file holds pages, not SQLite-specific surprises: WAL so readers
/// never block the writer, FULL sync so a committed write survives a power cut,
/// and a busy timeout instead of instant "database is locked" errors.
const SQLITE_WRITER_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
     PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA temp_store = MEMORY; \
     PRAGMA cache_size = -32000;";
/// Readers cannot write by construction (`query_only`) and keep their own
/// page cache. Memory-mapping the file is off by default: a reader that
/// finds the database changed since its last read drops its whole mapping
/// (SQLite's `pagerBeginReadTransaction`), so under a steady trickle of
/// orders every read began with an `munmap` and page faults.
fn sqlite_reader_pragmas(mmap_bytes: u64) -> String {
    format!(
        "PRAGMA query_only = ON; PRAGMA busy_timeout = 5000; PRAGMA temp_store = MEMORY; \
         PRAGMA cache_size = -16000; PRAGMA mmap_size = {mmap_bytes};"
    )
}

impl Database {
    /// Connects both pools and checks the database can be read. Does not change
    /// the schema: see [`Database::migrate`].
    pub async fn open(settings: &DatabaseSettings) -> Result<Self, Error> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(&settings.url)?;
        let location = location_of(backend, &settings.url);
        if !settings.replicas.is_empty() && backend != Backend::Postgres {
            return Err(Error::ReplicasNeedPostgres { backend: backend.name() });
        }
        if backend != Backend::Sqlite {
            return Self::open_server(backend, location, settings).await;
        }
        let open_error = |source: sqlx::Error| classify_open_error(&location, source);

        // A pool retries failed connects until its timeout and then reports only
        // that; one direct connection first surfaces SQLite's own error (a file
        // that is not a database, a directory that cannot be written) at once.
        let writer_url = with_param(&settings.url, "mode", "rwc");
        let writer_options = AnyConnectOptions::from_str(&writer_url).map_err(open_error)?;
        let mut probe = AnyConnection::connect_with(&writer_options).await.map_err(open_error)?;
        probe.execute(SQLITE_WRITER_PRAGMAS).await.map_err(open_error)?;
        probe.close().await.map_err(open_error)?;

        // One writer: SQLite serialises writers anyway, and a single connection
        // means writes queue in the pool rather than fail with "database is locked".
        let write = AnyPoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .acquire_timeout(settings.acquire_timeout)
            .idle_timeout(None)
            .max_lifetime(None)
            // A ping per checkout would double the round trips to SQLite's worker thread.
            .test_before_acquire(false)
            .after_connect(|conn, _| Box::pin(async move { conn.execute(SQLITE_WRITER_PRAGMAS).await.map(drop) }))
            .connect_with(writer_options)
            .await
            .map_err(open_error)?;

        let reader_url = with_param(&settings.url, "mode", "rw");
        let reader_pragmas = sqlite_reader_pragmas(settings.sqlite_mmap_bytes);
        let read = AnyPoolOptions::new()
            .max_connections(settings.read_connections.max(1))
            .min_connections(1)
            .acquire_timeout(settings.acquire_timeout)
            .idle_timeout(None)
            .max_lifetime(None)
            .test_before_acquire(false)
            .after_connect(move |conn, _| {
                // A number formatted in, no outside text: safe as SQL.
                let pragmas = sqlx::AssertSqlSafe(reader_pragmas.clone());
                Box::pin(async move { conn.execute(pragmas).await.map(drop) })
            })
            .connect_with(AnyConnectOptions::from_str(&reader_url).map_err(open_error)?)
            .await
            .map_err(open_error)?;

        // Reading the schema catches files that are not SQLite databases at all,
        // before anything is written to them.
        sqlx::query(backend.sql("SELECT count(*) FROM sqlite_master")).execute(&read).await.map_err(open_error)?;
        Ok(Self { backend, read, write, location, replicas: Arc::default() })
    }

    /// PostgreSQL or MySQL/MariaDB: a server that takes many writers at
    /// once, so both pools hold `read_connections` connections.
    async fn open_server(backend: Backend, location: String, settings: &DatabaseSettings) -> Result<Self, Error> {
        let open_error = |source: sqlx::Error| Error::Open { location: location.clone(), source };
        let options = AnyConnectOptions::from_str(&settings.url).map_err(open_error)?;
        // One connection first: a wrong password or an unreachable host is
        // reported at once, not after the pool's acquire timeout.
        let mut probe = tokio::time::timeout(settings.acquire_timeout, AnyConnection::connect_with(&options))
            .await
            .map_err(|_| Error::Unreachable { location: location.clone(), after: settings.acquire_timeout })?
            .map_err(open_error)?;
        if backend == Backend::MySql {
            // MariaDB has INSERT … RETURNING (10.5 on), MySQL 8 has not; the
            // MySQL this was tested on is Debian's MariaDB 10.11.
            let (version,): (String,) =
                sqlx::query_as(backend.sql("SELECT VERSION()")).fetch_one(&mut probe).await.map_err(open_error)?;
            if !version.contains("MariaDB") {
                return Err(Error::UnsupportedServer { location, version });
            }
        }
        probe.close().await.map_err(open_error)?;
        let pool = |max: u32| {
            AnyPoolOptions::new()
                .max_connections(max.max(1))
                .min_connections(1)
                .acquire_timeout(settings.acquire_timeout)
                // A server may close idle connections or restart: a checkout
                // found dead is replaced instead of failing a request.
                .test_before_acquire(true)
                .connect_lazy_with(options.clone())
        };
        let read = pool(settings.read_connections);
        let write = pool(settings.read_connections);
        let replicas = Arc::new(
            Replicas::connect(
                &settings.replicas,
                settings.read_connections,
                settings.acquire_timeout,
                settings.replica_max_lag,
            )
            .await?,
        );
        if replicas.own_writes_window().is_some() {
            tokio::spawn(Arc::clone(&replicas).watch(write.clone()));
        }
        Ok(Self { backend, read, write, location, replicas })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The database's address for messages, password redacted.
    pub fn location(&self) -> &str {
        &self.location
    }

    /// Whether the database was closed (the server is stopping): background
    /// tasks end quietly instead of reporting failures.
    pub fn is_closed(&self) -> bool {
        self.read.is_closed() || self.write.is_closed()
    }

    pub(crate) fn reader(&self) -> &AnyPool {
        &self.read
    }

    /// For reads that may be a little stale (the catalogue, the search
    /// feed, statistics): a read replica in use, else the primary's pool.
    pub(crate) fn stale_reader(&self) -> &AnyPool {
        self.replicas.pick().unwrap_or(&self.read)
    }

    /// How long a visitor who has just written reads from the primary:
    /// as long as a replica may lag; `None` without replicas.
    pub fn own_writes_window(&self) -> Option<Duration> {
        self.replicas.own_writes_window()
    }

    /// The read replicas and whether each is in use.
    pub fn replica_states(&self) -> Vec<ReplicaState> {
        self.replicas.states()
    }

    pub(crate) fn writer(&self) -> &AnyPool {
        &self.write
    }

    /// A transaction that writes. On SQLite it takes the write lock at
    /// `BEGIN IMMEDIATE`: a transaction that reads first and writes later
    /// cannot wait for another process's writer (SQLite refuses at once,
    /// "database is locked", rather than risk a deadlock), while one that
    /// asks for the lock first waits its busy timeout like any writer. In one
    /// process the single writer connection serialises them already; two
    /// processes share the file while one takes over from the other.
    pub(crate) async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.write.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres | Backend::MySql => self.write.begin().await,
        }
    }

    /// Brings the schema up to date. Refuses, touching nothing, a database whose
    /// schema is newer than this binary, one left dirty by a failed migration, or
    /// one that belongs to another application.
    pub async fn migrate(&self) -> Result<(), Error> {
        let migrator = self.backend.migrator();
        self.refuse_foreign_database().await?;
        let known = self.backend.schema_version();
        let location = self.location.clone();
        migrator.run(&self.write).await.map_err(|source| match source {
            // The migrator checks applied versions against the ones it knows before
            // applying anything, so this refusal leaves the database as it was.
            MigrateError::VersionMissing(found) => Error::SchemaTooNew { location, found, known },
            MigrateError::Dirty(version) => Error::Dirty { location, version },
            source => Error::Migrate { location, source },
        })
    }

    /// A SQLite file with tables but no migration history was made by something
    /// else; adding echoppe's tables to it would be a surprise nobody wants.
    async fn refuse_foreign_database(&self) -> Result<(), Error> {
        let tables = self.table_names().await?;
        let ours = tables.iter().any(|t| t == "_sqlx_migrations");
        if !ours && !tables.is_empty() {
            return Err(Error::ForeignDatabase { location: self.location.clone() });
        }
        Ok(())
    }

    /// The tables of this database (of its current schema on PostgreSQL),
    /// the engine's own left out.
    pub(crate) async fn table_names(&self) -> Result<Vec<String>, Error> {
        let sql = match self.backend {
            Backend::Sqlite => {
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            }
            Backend::Postgres => {
                "SELECT CAST(table_name AS TEXT) FROM information_schema.tables \
                 WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
            }
            Backend::MySql => {
                "SELECT CAST(table_name AS CHAR) FROM information_schema.tables \
                 WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' ORDER BY table_name"
            }
        };
        let rows: Vec<(String,)> = sqlx::query_as(self.backend.sql(sql)).fetch_all(&self.read).await?;
        Ok(rows.into_iter().map(|(name,)| name).collect())
    }

    /// Whether the database answers, for `/readyz`.
    pub async fn ping(&self) -> Result<(), Error> {
        sqlx::query(self.backend.sql("SELECT 1")).execute(&self.read).await?;
        Ok(())
    }

    pub fn pool_stats(&self) -> PoolStats {
        PoolStats {
            read_size: self.read.size(),
            read_idle: self.read.num_idle(),
            write_size: self.write.size(),
            write_idle: self.write.num_idle(),
        }
    }

    /// Refreshes the query planner's statistics after a bulk change (a seed, an import).
    pub async fn optimize(&self) -> Result<(), Error> {
        if self.backend == Backend::MySql {
            // MySQL analyses one named table at a time.
            for table in self.table_names().await? {
                let sql = format!("ANALYZE TABLE {table}");
                sqlx::query(self.backend.assembled_sql(sql)).execute(&self.write).await?;
            }
            return Ok(());
        }
        sqlx::query(self.backend.sql("ANALYZE")).execute(&self.write).await?;
        if self.backend == Backend::Sqlite {
            // The bundled SQLite keeps STAT4 samples, and with them it recompiles
            // every statement whose plan could depend on a bound value each time
            // the value changes: 34% of the CPU of the home page went to
            // re-preparing statements. The per-index row estimates of
            // sqlite_stat1 are all these queries need, so the samples go, and
            // `ANALYZE sqlite_schema` makes every connection reload the statistics.
            let (samples,): (i64,) =
                sqlx::query_as(self.backend.sql("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat4'"))
                    .fetch_one(&self.write)
                    .await?;
            if samples > 0 {
                sqlx::query(self.backend.sql("DELETE FROM sqlite_stat4")).execute(&self.write).await?;
                sqlx::query(self.backend.sql("ANALYZE sqlite_schema")).execute(&self.write).await?;
            }
        }
        Ok(())
    }

    /// Waits for in-flight queries and closes every connection, so the WAL is
    /// checkpointed and the file is complete on its own.
    pub async fn close(&self) {
        self.replicas.close().await;
        self.read.close().await;
        self.write.close().await;
    }
}

/// The path of a SQLite URL, or the redacted URL of a server database.
fn location_of(backend: Backend, url: &str) -> String {
    match backend {
        Backend::Sqlite => {
            let rest = url.trim_start_matches("sqlite:").trim_start_matches("//");
            rest.split_once('?').map_or(rest, |(path, _)| path).to_owned()
        }
        Backend::Postgres | Backend::MySql => redact(url),
    }
}

/// Adds `key=value` to a URL's query unless the URL already sets `key`.
fn with_param(url: &str, key: &str, value: &str) -> String {
    let already =
        url.split_once('?').is_some_and(|(_, query)| query.split('&').any(|pair| pair.split('=').next() == Some(key)));
    if already {
        url.to_owned()
    } else {
        let separator = if url.contains('?') { '&' } else { '?' };
        format!("{url}{separator}{key}={value}")
    }
}

/// SQLite reports "not a database" (26) and "malformed" (11) on the first read of
/// a damaged file; those deserve their own message rather than a driver dump.
fn classify_open_error(location: &str, source: sqlx::Error) -> Error {
    if let sqlx::Error::Database(db) = &source
        && matches!(db.code().as_deref(), Some("26" | "11"))
    {
        return Error::NotADatabase { location: location.to_owned(), reason: db.message().to_owned() };
    }
    Error::Open { location: location.to_owned(), source }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_are_added_once() {
        assert_eq!(with_param("sqlite:///a.db", "mode", "rwc"), "sqlite:///a.db?mode=rwc");
        assert_eq!(with_param("sqlite:///a.db?cache=private", "mode", "rw"), "sqlite:///a.db?cache=private&mode=rw");
        assert_eq!(with_param("sqlite:///a.db?mode=ro", "mode", "rw"), "sqlite:///a.db?mode=ro");
    }

    #[test]
    fn sqlite_locations_are_paths() {
        assert_eq!(location_of(Backend::Sqlite, "sqlite:///var/x.db?mode=rw"), "/var/x.db");
        assert_eq!(location_of(Backend::Sqlite, "sqlite:x.db"), "x.db");
    }
}
