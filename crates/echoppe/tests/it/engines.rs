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
