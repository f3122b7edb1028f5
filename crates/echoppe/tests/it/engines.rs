//! The whole suite again on PostgreSQL and on MySQL/MariaDB: this test
//! binary runs itself once per engine, with `ECHOPPE_TEST_ENGINE` set, so
//! that every test of every module also holds on the bigger engines
//! within the README's one `cargo test`.
//!
//! The servers come from `ECHOPPE_TEST_POSTGRES_URL` and
//! `ECHOPPE_TEST_MYSQL_URL` (`deploy/test-databases.sh up DIR` starts both
//! on loopback and prints them). Without them these tests say so and pass,
//! unless `ECHOPPE_REQUIRE_ENGINES` is set, as CI does.

use crate::helpers::{engine, server_url};
use echoppe_storage::Backend;
use std::process::Command;

/// One engine after the other, two tests at a time each: beside the SQLite
/// run of the same suite, that is what two cores take without turning the
/// suite's waits into timeouts.
#[test]
fn the_suite_passes_on_postgres_and_mysql() {
    the_suite_passes_on(Backend::Postgres, "postgres", "ECHOPPE_TEST_POSTGRES_URL");
    the_suite_passes_on(Backend::MySql, "mysql", "ECHOPPE_TEST_MYSQL_URL");
}

fn the_suite_passes_on(backend: Backend, name: &str, variable: &str) {
    if engine() != Backend::Sqlite {
        // This is already a run on another engine: no run within a run.
        return;
    }
    if server_url(backend).is_none() {
        assert!(
            std::env::var_os("ECHOPPE_REQUIRE_ENGINES").is_none(),
            "ECHOPPE_REQUIRE_ENGINES is set but {variable} is not"
        );
        eprintln!(
            "skipping the suite on {}: {variable} is not set (deploy/test-databases.sh up DIR starts a server)",
            backend.name()
        );
        return;
    }
    let output = Command::new(std::env::current_exe().expect("this test binary"))
        .env("ECHOPPE_TEST_ENGINE", name)
        .args(["--skip", "engines::", "--test-threads", "2"])
        .output()
        .expect("run the suite again");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let summary = stdout.lines().filter(|l| l.starts_with("test result:")).collect::<Vec<_>>().join("\n");
    eprintln!("the suite on {}: {summary}", backend.name());
    assert!(
        output.status.success(),
        "the suite failed on {}:\n{stdout}\n{}",
        backend.name(),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// `echoppe copy` around the three engines: the seeded SQLite catalogue to
/// PostgreSQL, to MySQL, back to a new SQLite file, and every table the
/// same at the end as at the start (rows and checksums).
#[tokio::test]
async fn a_marketplace_copied_around_every_engine_comes_back_the_same() {
    use crate::helpers::{empty_database, open_database as open, template};
    use echoppe_storage::TABLES;
    if engine() != Backend::Sqlite {
        return;
    }
    if server_url(Backend::Postgres).is_none() || server_url(Backend::MySql).is_none() {
        assert!(std::env::var_os("ECHOPPE_REQUIRE_ENGINES").is_none(), "ECHOPPE_REQUIRE_ENGINES is set");
        eprintln!("skipping the copy round trip: it needs both ECHOPPE_TEST_POSTGRES_URL and ECHOPPE_TEST_MYSQL_URL");
        return;
    }
    let back = tempfile::tempdir().unwrap();
    let urls = [
        format!("sqlite://{}?mode=ro", template().join("echoppe.db").display()),
        empty_database(Backend::Postgres).await,
        empty_database(Backend::MySql).await,
        format!("sqlite://{}?mode=rwc", back.path().join("echoppe.db").display()),
    ];
    let mut reports = Vec::new();
    for pair in urls.windows(2) {
        let (from, to) = (open(pair[0].clone()).await, open(pair[1].clone()).await);
        reports.push(from.copy_into(&to, &|_, _| {}).await.unwrap());
        from.close().await;
        to.close().await;
    }
    let (start, end) = (open(urls[0].clone()).await, open(urls[3].clone()).await);
    for table in TABLES {
        assert_eq!(start.table_checksum(table).await.unwrap(), end.table_checksum(table).await.unwrap(), "{table}");
    }
    assert!(reports[0].iter().any(|t| t.table == "listings" && t.rows > 0));
    assert_eq!(reports[0], reports[2], "each copy saw the same rows");
    // A second copy into a database that now holds a marketplace is refused.
    let again = open(urls[1].clone()).await;
    let err = start.copy_into(&again, &|_, _| {}).await.unwrap_err().to_string();
    assert!(err.contains("is not empty") && err.contains("nothing was copied"), "{err}");
}
