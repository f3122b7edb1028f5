//! Read replicas on PostgreSQL: the catalogue is read from a streaming
//! standby, a visitor who has just written reads their own writes, and a
//! replica that lags or goes away is left out and taken back. Runs on the
//! PostgreSQL run of the suite with `ECHOPPE_TEST_POSTGRES_REPLICA_URL` (a
//! standby of the test server, which `deploy/test-databases.sh` starts).

use crate::browser::Browser;
use crate::helpers::{TestApp, cuttable_proxy, engine, host_and_port, with_database};
use echoppe_storage::Backend;
use reqwest::StatusCode;
use sqlx::Connection as _;
use std::time::{Duration, Instant};

async fn replica_in_use(app: &TestApp) -> bool {
    let ready = app.get("/readyz").await.json::<serde_json::Value>().await.unwrap();
    ready["replicas"][0]["in_use"] == true
}

async fn until(app: &TestApp, in_use: bool, what: &str) {
    let started = Instant::now();
    while replica_in_use(app).await != in_use {
        assert!(started.elapsed() < Duration::from_secs(30), "{what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn reads_go_to_the_replica_writers_read_their_writes_and_a_lagging_or_lost_replica_is_left_out() {
    if engine() != Backend::Postgres {
        return;
    }
    let Ok(replica) = std::env::var("ECHOPPE_TEST_POSTGRES_REPLICA_URL") else {
        eprintln!(
            "skipping the replica test: ECHOPPE_TEST_POSTGRES_REPLICA_URL is not set (deploy/test-databases.sh sets it)"
        );
        return;
    };
    let replica_server = host_and_port(&replica);
    let (proxy, open) = cuttable_proxy(replica_server.clone()).await;
    let app = TestApp::spawn_with(|s| {
        let (_, database) = s.database_url.rsplit_once('/').unwrap();
        s.database_replica_url = vec![with_database(&replica, database).replacen(&replica_server, &proxy, 1)];
        s.replica_max_lag = 2;
    })
    .await;
    until(&app, true, "the replica was never taken in").await;
    let seller = Browser::seller(&app, "lune@example.fr", "Atelier Lune").await;

    // Replay paused: the replica stops where it is.
    let mut standby = sqlx::AnyConnection::connect(&replica).await.unwrap();
    sqlx::query("SELECT pg_wal_replay_pause()").execute(&mut standby).await.unwrap();
    let ring = seller.published_listing("Bague Lune").await;
    let page = format!("/listing/{ring}");
    assert_eq!(seller.get(&page).await.0, StatusCode::OK, "the seller reads their own write");
    assert_eq!(app.get(&page).await.status(), StatusCode::NOT_FOUND, "a visitor reads the replica, still behind");
    until(&app, false, "a replica lagging past the bound was not left out").await;
    assert_eq!(app.get(&page).await.status(), StatusCode::OK, "left out, its reads go to the primary");

    sqlx::query("SELECT pg_wal_replay_resume()").execute(&mut standby).await.unwrap();
    standby.close().await.ok();
    until(&app, true, "a replica that caught up was not taken back").await;
    assert_eq!(app.get(&page).await.status(), StatusCode::OK);

    // The replica unreachable: left out, and not one visitor sees an error.
    open.send_replace(false);
    until(&app, false, "an unreachable replica was not left out").await;
    for _ in 0..5 {
        assert_eq!(app.get(&page).await.status(), StatusCode::OK);
        assert_eq!(app.get("/c/bijoux").await.status(), StatusCode::OK);
    }
    open.send_replace(true);
    until(&app, true, "a replica back was not taken back").await;
}

/// A replica URL that points at the primary is refused at start.
#[tokio::test]
async fn a_replica_url_pointing_at_the_primary_is_refused() {
    if engine() != Backend::Postgres {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let primary = crate::helpers::empty_database(Backend::Postgres).await;
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_echoppe"))
            .args(["migrate", "--database-url", &primary, "--database-replica-url", &primary, "--data"])
            .arg(dir.path())
            .env_remove("ECHOPPE_CONFIG")
            .env("ECHOPPE_LOG", "warn")
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert!(!output.status.success());
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains("is not a read replica"), "{message}");
}
