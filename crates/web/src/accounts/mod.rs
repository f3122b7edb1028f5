//! Keeping accounts safe: passwords hashed with Argon2id off the async
//! threads, sessions kept server-side (the cookie holds only a random id)
//! behind tower-sessions' store trait, in the database or in the Redis the
//! nodes share, and sign-in attempts limited per account and per address.
//! The pages that use them are [`crate::sign_in`].

pub(crate) mod password;
mod session_store;
pub(crate) mod throttle;

pub use password::hash_password;
pub(crate) use session_store::{DatabaseSessions, Sessions, USER_KEY};
pub(crate) use throttle::Throttled;
