//! People: accounts, sign-in sessions and API tokens.

use crate::Error;
use crate::backend::ignore_duplicate;
use crate::database::Database;
use echoppe_domain::{Account, Email, Role, ShopId, Timestamp, UserId};
use sqlx::FromRow;

/// A new account, its password already hashed by the caller (hashing is
/// deliberately slow and belongs on a blocking thread, not in a query).
#[derive(Debug, Clone)]
pub struct NewAccount<'a> {
    pub email: &'a Email,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub role: Role,
    pub created_at: Timestamp,
}

/// A session as stored: opaque data the session layer serialised, and when it ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSession {
    pub data: String,
    pub expires_at: i64,
}

/// One line of the admin's list of people.
#[derive(Debug, Clone)]
pub struct AccountSummary {
    pub account: Account,
    pub shop: Option<ShopStanding>,
}

/// A shop as the admin's list shows it.
#[derive(Debug, Clone)]
pub struct ShopStanding {
    pub id: ShopId,
    pub slug: String,
    pub name: String,
    pub suspended: bool,
}

#[derive(FromRow)]
struct AccountRow {
    id: i64,
    email: String,
    display_name: String,
    role: String,
    created_at: i64,
}

const ACCOUNT_COLUMNS: &str = "u.id, u.email, u.display_name, u.role, u.created_at";

impl AccountRow {
    fn into_account(self) -> Result<Account, Error> {
        let corrupt = |what: String| Error::Corrupt(format!("user {}: {what}", self.id));
        Ok(Account {
            id: UserId::new(self.id),
            email: Email::parse(&self.email).map_err(|e| corrupt(e.to_string()))?,
            display_name: self.display_name,
            role: Role::parse(&self.role).map_err(|e| corrupt(e.to_string()))?,
            created_at: Timestamp::from_unix(self.created_at),
        })
    }
}

impl Database {
    /// Creates an account. A second account with the same address is refused
    /// with [`Error::Conflict`] naming `email`.
    pub async fn create_account(&self, new: &NewAccount<'_>) -> Result<UserId, Error> {
        let (id,): (i64,) = sqlx::query_as(self.backend().sql(
            "INSERT INTO users (email, display_name, password_hash, role, created_at) \
             VALUES (?, ?, ?, ?, ?) RETURNING id",
        ))
        .bind(new.email.as_str().to_owned())
        .bind(new.display_name.to_owned())
        .bind(new.password_hash.to_owned())
        .bind(new.role.as_str())
        .bind(new.created_at.unix())
        .fetch_one(self.writer())
        .await
        .map_err(|e| Error::conflict_on(e, &[("users.email", "email")]))?;
        Ok(UserId::new(id))
    }

    pub async fn account(&self, id: UserId) -> Result<Option<Account>, Error> {
        let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM users u WHERE u.id = ?");
        let row: Option<AccountRow> =
            sqlx::query_as(self.backend().assembled_sql(sql)).bind(id.get()).fetch_optional(self.reader()).await?;
        row.map(AccountRow::into_account).transpose()
    }

    /// The account for an address and its password hash (`None` for accounts
    /// that cannot sign in with a password), to check a sign-in attempt.
    pub async fn credentials(&self, email: &Email) -> Result<Option<(Account, Option<String>)>, Error> {
        #[derive(FromRow)]
        struct Row {
            #[sqlx(flatten)]
            account: AccountRow,
            password_hash: Option<String>,
        }
        let sql = format!("SELECT {ACCOUNT_COLUMNS}, u.password_hash FROM users u WHERE u.email = ?");
        // The writer: a sign-in right after sign-up must see the new account
        // even when reads come from a lagging replica.
        let row: Option<Row> = sqlx::query_as(self.backend().assembled_sql(sql))
            .bind(email.as_str().to_owned())
            .fetch_optional(self.writer())
            .await?;
        row.map(|row| Ok((row.account.into_account()?, row.password_hash))).transpose()
    }

    /// Gives an account a new address and password (the demo's ready-made
    /// seller takes over a seeded shop's owner this way).
    pub async fn set_credentials(&self, user: UserId, email: &Email, password_hash: &str) -> Result<(), Error> {
        sqlx::query(self.backend().sql("UPDATE users SET email = ?, password_hash = ? WHERE id = ?"))
            .bind(email.as_str().to_owned())
            .bind(password_hash.to_owned())
            .bind(user.get())
            .execute(self.writer())
            .await
            .map_err(|e| Error::conflict_on(e, &[("users.email", "email")]))?;
        Ok(())
    }

    pub async fn set_role(&self, user: UserId, role: Role) -> Result<(), Error> {
        sqlx::query(self.backend().sql("UPDATE users SET role = ? WHERE id = ?"))
            .bind(role.as_str())
            .bind(user.get())
            .execute(self.writer())
            .await?;
        Ok(())
    }

    /// People, newest first, with their shop if they have one.
    pub async fn accounts(&self, offset: u32, limit: u32) -> Result<Vec<AccountSummary>, Error> {
        #[derive(FromRow)]
        struct Row {
            #[sqlx(flatten)]
            account: AccountRow,
            shop_id: Option<i64>,
            shop_slug: Option<String>,
            shop_name: Option<String>,
            suspended_at: Option<i64>,
        }
        // Literal LIMIT/OFFSET: see `Database::listings`.
        let sql = format!(
            "SELECT {ACCOUNT_COLUMNS}, s.id AS shop_id, s.slug AS shop_slug, s.name AS shop_name, s.suspended_at \
             FROM users u LEFT JOIN shops s ON s.owner_id = u.id \
             ORDER BY u.created_at DESC, u.id DESC LIMIT {limit} OFFSET {offset}"
        );
        let rows: Vec<Row> = sqlx::query_as(self.backend().assembled_sql(sql)).fetch_all(self.reader()).await?;
        rows.into_iter()
            .map(|row| {
                let shop = match (row.shop_id, row.shop_slug, row.shop_name) {
                    (Some(id), Some(slug), Some(name)) => {
                        Some(ShopStanding { id: ShopId::new(id), slug, name, suspended: row.suspended_at.is_some() })
                    }
                    _ => None,
                };
                Ok(AccountSummary { account: row.account.into_account()?, shop })
            })
            .collect()
    }

    pub async fn count_accounts(&self) -> Result<i64, Error> {
        let (count,): (i64,) =
            sqlx::query_as(self.backend().sql("SELECT count(*) FROM users")).fetch_one(self.reader()).await?;
        Ok(count)
    }

    // Sessions. Read on every signed-in request, so from the read pool: on
    // SQLite it sees every committed write; the scale-out work moves sessions
    // to Redis rather than to a lagging replica.

    pub async fn load_session(&self, id: &str, now: Timestamp) -> Result<Option<StoredSession>, Error> {
        let row: Option<(String, i64)> =
            sqlx::query_as(self.backend().sql("SELECT data, expires_at FROM sessions WHERE id = ? AND expires_at > ?"))
                .bind(id.to_owned())
                .bind(now.unix())
                .fetch_optional(self.reader())
                .await?;
        Ok(row.map(|(data, expires_at)| StoredSession { data, expires_at }))
    }

    /// Stores a new session; `false` if the id is already taken (the caller
    /// draws another).
    pub async fn create_session(&self, id: &str, session: &StoredSession) -> Result<bool, Error> {
        let backend = self.backend();
        let sql = backend.insert_new("INSERT INTO sessions (id, data, expires_at) VALUES (?, ?, ?)", "id");
        let done = sqlx::query(backend.assembled_sql(sql))
            .bind(id.to_owned())
            .bind(session.data.clone())
            .bind(session.expires_at)
            .execute(self.writer())
            .await;
        Ok(ignore_duplicate(done)?.is_some_and(|done| done.rows_affected() == 1))
    }

    pub async fn save_session(&self, id: &str, session: &StoredSession) -> Result<(), Error> {
        let sql = self.backend().upsert(
            "INSERT INTO sessions (id, data, expires_at) VALUES (?, ?, ?)",
            "id",
            "data = excluded.data, expires_at = excluded.expires_at",
        );
        sqlx::query(self.backend().assembled_sql(sql))
            .bind(id.to_owned())
            .bind(session.data.clone())
            .bind(session.expires_at)
            .execute(self.writer())
            .await?;
        Ok(())
    }

    pub async fn delete_session(&self, id: &str) -> Result<(), Error> {
        sqlx::query(self.backend().sql("DELETE FROM sessions WHERE id = ?"))
            .bind(id.to_owned())
            .execute(self.writer())
            .await?;
        Ok(())
    }

    /// Removes sessions that ended before `now`; returns how many.
    pub async fn delete_expired_sessions(&self, now: Timestamp) -> Result<u64, Error> {
        let done = sqlx::query(self.backend().sql("DELETE FROM sessions WHERE expires_at <= ?"))
            .bind(now.unix())
            .execute(self.writer())
            .await?;
        Ok(done.rows_affected())
    }

    // API tokens, by the SHA-256 of the token (hex).

    pub async fn create_api_token(
        &self,
        user: UserId,
        token_hash: &str,
        label: &str,
        now: Timestamp,
    ) -> Result<(), Error> {
        sqlx::query(
            self.backend().sql("INSERT INTO api_tokens (token_hash, user_id, label, created_at) VALUES (?, ?, ?, ?)"),
        )
        .bind(token_hash.to_owned())
        .bind(user.get())
        .bind(label.to_owned())
        .bind(now.unix())
        .execute(self.writer())
        .await?;
        Ok(())
    }

    pub async fn account_by_token(&self, token_hash: &str) -> Result<Option<Account>, Error> {
        let sql = format!(
            "SELECT {ACCOUNT_COLUMNS} FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?"
        );
        let row: Option<AccountRow> = sqlx::query_as(self.backend().assembled_sql(sql))
            .bind(token_hash.to_owned())
            .fetch_optional(self.writer())
            .await?;
        row.map(AccountRow::into_account).transpose()
    }

    /// Revokes a token; `false` if it did not exist.
    pub async fn delete_api_token(&self, token_hash: &str) -> Result<bool, Error> {
        let done = sqlx::query(self.backend().sql("DELETE FROM api_tokens WHERE token_hash = ?"))
            .bind(token_hash.to_owned())
            .execute(self.writer())
            .await?;
        Ok(done.rows_affected() == 1)
    }
}
