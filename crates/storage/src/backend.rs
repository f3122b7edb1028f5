//! Which database engine a URL points at, and the few places their SQL differs.
//!
//! Queries are written once, with `?` markers, in the SQL the engines share.
//! SQLite and MySQL/MariaDB take `?` as is; PostgreSQL wants `$1, $2, …`, so
//! statements are renumbered for it. Schema differences live in per-backend
//! migration folders instead.

use crate::Error;
use sqlx::migrate::Migrator;
use sqlx::{AssertSqlSafe, SqlSafeStr, SqlStr};

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");

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
    pub(crate) fn migrator(self) -> Result<&'static Migrator, Error> {
        match self {
            Self::Sqlite => Ok(&SQLITE_MIGRATIONS),
            // The scale-out backends arrive with their own migration folders; until then
            // a clear refusal beats a half-working connection.
            Self::Postgres | Self::MySql => Err(Error::BackendNotBuilt { backend: self.name() }),
        }
    }

    /// A statement written with `?` markers, in this engine's placeholder style.
    pub(crate) fn sql(self, statement: &'static str) -> SqlStr {
        match self {
            Self::Postgres => AssertSqlSafe(number_placeholders(statement)).into_sql_str(),
            Self::Sqlite | Self::MySql => statement.into_sql_str(),
        }
    }

    /// Same as [`Backend::sql`] for a statement assembled at run time from
    /// fixed fragments (never from input: values always go through binds).
    pub(crate) fn assembled_sql(self, statement: String) -> SqlStr {
        match self {
            Self::Postgres => AssertSqlSafe(number_placeholders(&statement)).into_sql_str(),
            Self::Sqlite | Self::MySql => AssertSqlSafe(statement).into_sql_str(),
        }
    }
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
pub(crate) fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority, path) = rest.split_once('/').map_or((rest, ""), |(a, p)| (a, p));
    match authority.rsplit_once('@') {
        Some((credentials, host)) => {
            let user = credentials.split_once(':').map_or(credentials, |(user, _)| user);
            format!("{scheme}://{user}:***@{host}/{path}")
        }
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
    fn passwords_never_reach_messages() {
        assert_eq!(redact("postgres://echoppe:s3cret@db:5432/shop"), "postgres://echoppe:***@db:5432/shop");
        assert_eq!(redact("sqlite:///tmp/x.db"), "sqlite:///tmp/x.db");
    }
}
