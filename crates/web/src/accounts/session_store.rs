//! Sessions kept in the database, behind tower-sessions' `SessionStore` trait
//! so that the scale-out work can swap in its Redis store without touching a
//! handler.

use super::visitor::USER_KEY;
use async_trait::async_trait;
use echoppe_domain::Timestamp;
use echoppe_storage::{Database, StoredSession};
use std::collections::HashMap;
use time::OffsetDateTime;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};

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

#[async_trait]
impl ExpiredDeletion for DatabaseSessions {
    async fn delete_expired(&self) -> session_store::Result<()> {
        let removed = self.db.delete_expired_sessions(Timestamp::now()).await.map_err(backend)?;
        tracing::debug!(removed, "expired sessions removed");
        Ok(())
    }
}
