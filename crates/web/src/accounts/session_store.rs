//! Sessions kept in the database, or in Redis when several nodes share one
//! (`--redis-url`), behind tower-sessions' `SessionStore` trait: handlers
//! never know which.
//!
//! The Redis store is written here rather than taken from
//! tower-sessions-redis-store, whose 0.16 implements the trait of
//! tower-sessions-core 0.14 (ours is 0.15) and would also keep a visitor's
//! form token for the full two weeks.

use async_trait::async_trait;
use echoppe_backoffice::{KEY_PREFIX, SharedStore};
use echoppe_domain::Timestamp;
use echoppe_storage::{Database, StoredSession};
use fred::prelude::{Expiration, KeysInterface as _, SetOptions};
use std::collections::HashMap;
use time::OffsetDateTime;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};

/// The session's key for the signed-in user's id.
pub(crate) const USER_KEY: &str = "user";

#[derive(Debug, Clone)]
pub(crate) struct DatabaseSessions {
    db: Database,
}

impl DatabaseSessions {
    pub(crate) fn new(db: Database) -> Self {
        Self { db }
    }
}

#[expect(clippy::needless_pass_by_value, reason = "a map_err adapter takes the error by value")]
fn backend(error: echoppe_storage::Error) -> session_store::Error {
    session_store::Error::Backend(error.to_string())
}

/// How long a session nobody signed into is kept: it only carries the CSRF
/// token of a sign-in or sign-up form, and keeping it for the full two weeks
/// would let every visitor who opens those forms grow the table.
const ANONYMOUS_LIFETIME_SECONDS: i64 = 2 * 3600;

fn stored(record: &Record) -> session_store::Result<StoredSession> {
    let data = serde_json::to_string(&record.data).map_err(|e| session_store::Error::Encode(e.to_string()))?;
    let mut expires_at = record.expiry_date.unix_timestamp();
    if !record.data.contains_key(USER_KEY) {
        expires_at = expires_at.min(Timestamp::now().unix() + ANONYMOUS_LIFETIME_SECONDS);
    }
    Ok(StoredSession { data, expires_at })
}

#[async_trait]
impl SessionStore for DatabaseSessions {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        let session = stored(record)?;
        // Ids are 128 random bits, so a collision means a broken random source;
        // drawing again is still the right answer, and never overwriting
        // someone else's session is the point.
        while !self.db.create_session(&record.id.to_string(), &session).await.map_err(backend)? {
            record.id = Id::default();
        }
        Ok(())
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        self.db.save_session(&record.id.to_string(), &stored(record)?).await.map_err(backend)
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let Some(session) = self.db.load_session(&id.to_string(), Timestamp::now()).await.map_err(backend)? else {
            return Ok(None);
        };
        let data: HashMap<String, serde_json::Value> =
            serde_json::from_str(&session.data).map_err(|e| session_store::Error::Decode(e.to_string()))?;
        let expiry_date = OffsetDateTime::from_unix_timestamp(session.expires_at)
            .map_err(|e| session_store::Error::Decode(e.to_string()))?;
        Ok(Some(Record { id: *id, data, expiry_date }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        self.db.delete_session(&id.to_string()).await.map_err(backend)
    }
}

/// Where the sessions are: the database, or the Redis every node shares.
#[derive(Debug, Clone)]
pub(crate) enum Sessions {
    Database(DatabaseSessions),
    Redis(SharedStore),
}

fn redis_key(id: &Id) -> String {
    format!("{KEY_PREFIX}session:{id}")
}

#[expect(clippy::needless_pass_by_value, reason = "a map_err adapter takes the error by value")]
fn unreachable(error: fred::error::Error) -> session_store::Error {
    session_store::Error::Backend(format!("Redis: {error}"))
}

/// Stores one session in Redis, as the database would (the same JSON and
/// the same shorter life for an anonymous one), expiring with it; `false`
/// when `only_new` and the id is taken.
async fn set_in_redis(store: &SharedStore, record: &Record, only_new: bool) -> session_store::Result<bool> {
    let session = stored(record)?;
    let value = serde_json::json!({ "data": session.data, "expires_at": session.expires_at }).to_string();
    let options = only_new.then_some(SetOptions::NX);
    let set: Option<String> = store
        .client()
        .set(redis_key(&record.id), value, Some(Expiration::EXAT(session.expires_at)), options, false)
        .await
        .map_err(unreachable)?;
    Ok(set.is_some())
}

#[async_trait]
impl SessionStore for Sessions {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            Self::Database(sessions) => sessions.create(record).await,
            Self::Redis(store) => {
                // As in the database: never overwrite someone else's session.
                while !set_in_redis(store, record, true).await? {
                    record.id = Id::default();
                }
                Ok(())
            }
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            Self::Database(sessions) => sessions.save(record).await,
            Self::Redis(store) => set_in_redis(store, record, false).await.map(drop),
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let store = match self {
            Self::Database(sessions) => return sessions.load(id).await,
            Self::Redis(store) => store,
        };
        let Some(value) = store.client().get::<Option<String>, _>(redis_key(id)).await.map_err(unreachable)? else {
            return Ok(None);
        };
        #[derive(serde::Deserialize)]
        struct Kept {
            data: String,
            expires_at: i64,
        }
        let kept: Kept = serde_json::from_str(&value).map_err(|e| session_store::Error::Decode(e.to_string()))?;
        let data: HashMap<String, serde_json::Value> =
            serde_json::from_str(&kept.data).map_err(|e| session_store::Error::Decode(e.to_string()))?;
        let expiry_date = OffsetDateTime::from_unix_timestamp(kept.expires_at)
            .map_err(|e| session_store::Error::Decode(e.to_string()))?;
        Ok(Some(Record { id: *id, data, expiry_date }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            Self::Database(sessions) => sessions.delete(id).await,
            Self::Redis(store) => store.client().del::<(), _>(redis_key(id)).await.map_err(unreachable),
        }
    }
}
