//! What the storage tests share: a fresh, migrated SQLite file per test.

use echoppe_storage::{Database, DatabaseSettings};
use std::path::Path;
use std::time::Duration;

pub(crate) fn settings(path: &Path) -> DatabaseSettings {
    DatabaseSettings {
        url: format!("sqlite://{}", path.display()),
        read_connections: 2,
        acquire_timeout: Duration::from_secs(5),
        sqlite_mmap_bytes: 0,
        ..Default::default()
    }
}

pub(crate) async fn fresh(dir: &Path) -> Database {
    let db = Database::open(&settings(&dir.join("echoppe.db"))).await.expect("open");
    db.migrate().await.expect("migrate");
    db
}
