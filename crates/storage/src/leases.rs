//! Leases: work only one node of a cluster may do at a time. A node holds
//! one for a few seconds and renews it while it works; a node that dies
//! lets it run out, and the next that asks takes the work over. On one
//! machine the only node always gets it.

use crate::{Database, Error};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

impl Database {
    /// Takes or renews the lease `name` for `holder`, for `length` from now;
    /// `false` while another holder's lease runs. One statement, so two
    /// nodes asking at once cannot both get it.
    pub async fn hold_lease(&self, name: &str, holder: &str, length: Duration) -> Result<bool, Error> {
        // Each node's own clock: leases last seconds, clocks kept by NTP
        // differ by milliseconds.
        let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |since| since.as_millis());
        let now = i64::try_from(now).unwrap_or(i64::MAX);
        let until = now.saturating_add(i64::try_from(length.as_millis()).unwrap_or(i64::MAX));
        let held = sqlx::query(self.backend().sql(
            "UPDATE leases SET holder = ?, held_until_ms = ? WHERE name = ? AND (holder = ? OR held_until_ms < ?)",
        ))
        .bind(holder.to_owned())
        .bind(until)
        .bind(name.to_owned())
        .bind(holder.to_owned())
        .bind(now)
        .execute(self.writer())
        .await?;
        // MySQL counts only rows changed: a renewal within the same
        // millisecond changes nothing and reads as lost, which costs one
        // round, never a second holder.
        Ok(held.rows_affected() == 1)
    }

    /// Gives the lease up (a node stopping), so another takes it at once.
    pub async fn release_lease(&self, name: &str, holder: &str) -> Result<(), Error> {
        sqlx::query(self.backend().sql("UPDATE leases SET held_until_ms = 0 WHERE name = ? AND holder = ?"))
            .bind(name.to_owned())
            .bind(holder.to_owned())
            .execute(self.writer())
            .await?;
        Ok(())
    }
}
