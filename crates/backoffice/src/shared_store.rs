//! What the nodes of a cluster share through Redis (`--redis-url`): the
//! sessions and the sign-in limits (so five guesses are five in total, not
//! five per node), kept by the web layer's accounts, and the operators'
//! switches ([`crate::switches`]). Without it each of these stays in the node (or
//! its database), which is right for one machine.
//!
//! Redis away, the node keeps serving pages and taking orders (neither
//! needs it); what does need it fails closed with a clear message and
//! the client reconnects by itself.

use echoppe_storage::redact_url;
use fred::prelude::{
    ClientLike as _, Config, ConnectionConfig, Expiration, KeysInterface as _, PerformanceConfig, ReconnectPolicy,
};
use std::time::Duration;

/// How long connecting may take at start-up before the node gives up
/// (and never reports ready).
const CONNECT_WITHIN: Duration = Duration::from_secs(5);

/// How long one command may wait, queued while Redis is unreachable,
/// before it fails: a sign-in answers "try again" rather than hanging.
const COMMAND_WITHIN: Duration = Duration::from_secs(1);

/// Connections per node: fred pipelines commands on each, and what goes
/// through Redis (a session read per signed-in page, a limit per sign-in)
/// is small.
const CONNECTIONS: usize = 2;

/// The prefix of every key echoppe writes, so a Redis shared with other
/// applications keeps their keys apart from ours.
pub const KEY_PREFIX: &str = "echoppe:";

/// A connection to the Redis every node of the cluster uses.
#[derive(Clone)]
pub struct SharedStore {
    pool: fred::clients::Pool,
    location: String,
}

impl std::fmt::Debug for SharedStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedStore").field("location", &self.location).finish_non_exhaustive()
    }
}

impl SharedStore {
    /// Connects to `url` (`redis://[:password@]host:port[/db]`) and checks
    /// that it takes writes. Fails with what was wrong (malformed URL,
    /// unreachable, wrong password, a read-only replica), writing nothing.
    pub async fn connect(url: &str) -> Result<Self, String> {
        let location = redact_url(url);
        let config = Config::from_url(url).map_err(|e| format!("the Redis URL {location} is malformed: {e}"))?;
        let connection = ConnectionConfig {
            connection_timeout: COMMAND_WITHIN * 2,
            internal_command_timeout: COMMAND_WITHIN * 2,
            max_command_attempts: 1,
            ..ConnectionConfig::default()
        };
        let performance = PerformanceConfig { default_command_timeout: COMMAND_WITHIN, ..PerformanceConfig::default() };
        // Retries for ever, a tenth of a second at first and two seconds at
        // most: a Redis restarted is found again within two seconds.
        let policy = ReconnectPolicy::new_exponential(0, 100, 2_000, 2);
        let pool = fred::clients::Pool::new(config, Some(performance), Some(connection), Some(policy), CONNECTIONS)
            .map_err(|e| format!("Redis at {location}: {e}"))?;
        let connected = async {
            pool.init().await?;
            // A replica answers reads and refuses writes: found now rather
            // than at the first sign-in.
            pool.next().set::<(), _, _>(format!("{KEY_PREFIX}hello"), "1", Some(Expiration::EX(60)), None, false).await
        };
        match tokio::time::timeout(CONNECT_WITHIN, connected).await {
            Ok(Ok(())) => Ok(Self { pool, location }),
            Ok(Err(error)) => {
                let _ = pool.quit().await;
                Err(format!("Redis at {location} refused: {error}"))
            }
            Err(_) => {
                let _ = pool.quit().await;
                Err(format!("Redis at {location} did not answer within {} s", CONNECT_WITHIN.as_secs()))
            }
        }
    }

    /// Where it is, with any password hidden (for `/readyz` and logs).
    pub fn location(&self) -> &str {
        &self.location
    }

    /// A connection to send a command on (fred pipelines them).
    pub fn client(&self) -> &fred::clients::Client {
        self.pool.next()
    }

    /// Whether Redis answers now.
    pub async fn answers(&self) -> bool {
        self.pool.next().ping::<String>(None).await.is_ok()
    }
}
