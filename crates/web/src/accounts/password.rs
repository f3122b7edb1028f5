//! Password hashing with Argon2id.
//!
//! Hashing is made slow on purpose (OWASP's parameters: 19 MiB, two passes),
//! so it runs on blocking threads, and at most a few at once: a flood of
//! sign-in attempts must not hold hundreds of 19 MiB buffers or starve the
//! threads answering pages.

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
use echoppe_domain::Password;
use std::sync::{Arc, LazyLock};
use tokio::sync::Semaphore;

/// Verified against when an address has no account, so that "no such account"
/// takes as long as "wrong password" and timing does not reveal who signed up.
static DECOY_HASH: LazyLock<Option<String>> = LazyLock::new(|| {
    Argon2::default()
        .hash_password_with_salt(b"decoy password", b"echoppe-decoy-salt")
        .ok()
        .map(|hash| hash.to_string())
});

/// The PHC string to store for `password`, hashed as sign-up does, on the
/// calling thread: for the command line (the demo's ready-made accounts).
pub fn hash_password(password: &Password) -> Result<String, String> {
    Argon2::default()
        .hash_password(password.expose().as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|e| e.to_string())
}

#[derive(Debug, Clone)]
pub(crate) struct PasswordHasher {
    slots: Arc<Semaphore>,
}

#[derive(Debug, thiserror::Error)]
pub(crate) enum HashError {
    #[error("hashing failed: {0}")]
    Hash(String),
    #[error("the hashing task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
}

impl PasswordHasher {
    pub(crate) fn new() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        Self { slots: Arc::new(Semaphore::new(cores)) }
    }

    /// The PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`) to store.
    pub(crate) async fn hash(&self, password: Password) -> Result<String, HashError> {
        self.run(move || {
            // A fresh random salt per password, drawn by the hasher.
            Argon2::default()
                .hash_password(password.expose().as_bytes())
                .map(|hash| hash.to_string())
                .map_err(|e| HashError::Hash(e.to_string()))
        })
        .await?
    }

    /// Whether `password` matches `stored`. `None` (no such account, or one
    /// without a password) costs a decoy verification and answers false.
    pub(crate) async fn verify(&self, password: Password, stored: Option<String>) -> Result<bool, HashError> {
        self.run(move || {
            let Some(stored) = stored.or_else(|| DECOY_HASH.clone()) else { return false };
            match Argon2::default().verify_password(password.expose().as_bytes(), stored.as_str()) {
                Ok(()) => stored_is_real(&stored),
                Err(argon2::password_hash::Error::PasswordInvalid) => false,
                Err(error) => {
                    tracing::error!(%error, "a stored password hash cannot be used");
                    false
                }
            }
        })
        .await
    }

    async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Result<T, HashError> {
        // The semaphore is never closed, so acquiring only waits.
        let permit = self.slots.clone().acquire_owned().await.map_err(|e| HashError::Hash(e.to_string()))?;
        Ok(tokio::task::spawn_blocking(move || {
            let _permit = permit;
            work()
        })
        .await?)
    }
}

/// The decoy never matches, even if someone types the decoy password.
fn stored_is_real(stored: &str) -> bool {
    DECOY_HASH.as_deref() != Some(stored)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_differ_by_salt() {
        let hasher = PasswordHasher::new();
        let password = Password::new_choice("correct horse battery").unwrap();
        let a = hasher.hash(password.clone()).await.unwrap();
        let b = hasher.hash(password.clone()).await.unwrap();
        assert!(a.starts_with("$argon2id$"), "{a}");
        assert_ne!(a, b, "each hash has its own salt");
        assert!(hasher.verify(password, Some(a.clone())).await.unwrap());
        assert!(!hasher.verify(Password::attempt("wrong horse").unwrap(), Some(a)).await.unwrap());
    }

    /// `cargo test --release -p echoppe-web password_speed -- --ignored --nocapture`:
    /// what one sign-in costs in CPU, and how many a second the machine can verify.
    #[tokio::test(flavor = "multi_thread")]
    #[ignore = "a timing report, meaningful only in release"]
    async fn password_speed() {
        let hasher = PasswordHasher::new();
        let password = Password::new_choice("correct horse battery").unwrap();
        let hash = hasher.hash(password.clone()).await.unwrap();
        let started = std::time::Instant::now();
        for _ in 0..20 {
            assert!(hasher.verify(password.clone(), Some(hash.clone())).await.unwrap());
        }
        let one = started.elapsed() / 20;
        let started = std::time::Instant::now();
        let all = (0..64).map(|_| hasher.verify(password.clone(), Some(hash.clone())));
        futures_util::future::join_all(all).await;
        let per_second = 64.0 / started.elapsed().as_secs_f64();
        println!("argon2id verify: {one:?} each, one at a time; {per_second:.0}/s with all cores");
    }

    #[tokio::test]
    async fn missing_accounts_never_verify() {
        let hasher = PasswordHasher::new();
        assert!(!hasher.verify(Password::attempt("decoy password").unwrap(), None).await.unwrap());
    }
}
