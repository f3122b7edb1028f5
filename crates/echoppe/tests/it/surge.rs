//! `echoppe surge`: a small rehearsal against the real application, its
//! report and order ledger, and what it says when pointed at the wrong place.

use crate::helpers::TestApp;
use clap::Parser as _;
use std::time::Duration;

/// The rehearsal's flags, parsed as the command line would.
fn args(target: &str, out: &std::path::Path, extra: &[&str]) -> echoppe_rehearsal::SurgeArgs {
    #[derive(clap::Parser)]
    struct Command {
        #[command(flatten)]
        surge: echoppe_rehearsal::SurgeArgs,
    }
    let out = out.display().to_string();
    let mut argv = vec!["surge", "--target", target, "--out", &out];
    argv.extend_from_slice(extra);
    Command::parse_from(argv).surge
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_small_rehearsal_reports_every_class_and_finds_every_acknowledged_order() {
    let app = TestApp::spawn_with(|s| s.page_cache = true).await;
    let out = tempfile::tempdir().unwrap();
    let quick = [
        "--scale",
        "0.01", // 20 → 120 sessions
        "--peak-sessions",
        "12000",
        "--baseline-seconds",
        "2",
        "--ramp-seconds",
        "3",
        "--hold-seconds",
        "3",
        "--decline-seconds",
        "2",
        "--think-seconds",
        "0.3",
        "--pages",
        "5",
        "--cart-share",
        "0.5",
        "--checkout-share",
        "1",
        "--interval-seconds",
        "1",
        "--max-error-percent",
        "1",
    ];
    let report = echoppe_rehearsal::run(args(&app.address, out.path(), &quick)).await.expect("the rehearsal passes");
    assert!(report.passed);
    assert!(report.totals.sessions_started > 50, "{:?}", report.totals);
    for class in ["pages", "search", "images", "cart", "checkout"] {
        let summary = report.classes.iter().find(|c| c.class == class).unwrap();
        assert!(summary.requests > 0, "{class} was exercised");
    }
    assert!(report.ledger.acknowledged > 0, "{:?}", report.ledger);
    assert_eq!(report.ledger.found, report.ledger.acknowledged);
    assert!(report.ledger.missing.is_empty());
    assert!(report.timeline.len() >= 8, "one point a second");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("report.json")).unwrap()).unwrap();
    assert_eq!(json["ledger"]["acknowledged"], report.ledger.acknowledged);
    let html = std::fs::read_to_string(out.path().join("report.html")).unwrap();
    assert!(html.contains("<svg") && html.contains("PASSED"));

    // Orders in the database: as many checkouts as acknowledged.
    let (checkouts,): (i64,) =
        sqlx::query_as(app.sql("SELECT count(DISTINCT checkout_id) FROM orders WHERE email LIKE 'surge-%'"))
            .fetch_one(&app.db().await)
            .await
            .unwrap();
    assert_eq!(checkouts as u64, report.ledger.acknowledged);
}

#[tokio::test]
async fn a_threshold_crossed_fails_the_rehearsal() {
    let app = TestApp::spawn().await;
    let out = tempfile::tempdir().unwrap();
    let quick = [
        "--scale",
        "0.002",
        "--baseline-seconds",
        "1",
        "--ramp-seconds",
        "1",
        "--hold-seconds",
        "1",
        "--decline-seconds",
        "0",
        "--think-seconds",
        "0.2",
        "--pages",
        "3",
        "--interval-seconds",
        "1",
        "--max-page-p99-ms",
        "0.001",
    ];
    let error = echoppe_rehearsal::run(args(&app.address, out.path(), &quick)).await.unwrap_err();
    assert!(format!("{error:#}").contains("threshold crossed: page p99"), "{error:#}");
    assert!(out.path().join("report.html").exists(), "the report is written all the same");
}

#[tokio::test]
async fn a_wrong_target_is_named_and_nothing_runs() {
    // Something that answers HTTP, but is not echoppe.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let other = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let router = axum::Router::new().fallback(|| async { "<html>une autre application</html>" });
        axum::serve(listener, router).await.unwrap();
    });
    let out = tempfile::tempdir().unwrap();
    let surge = |target: String| {
        let out = out.path().to_path_buf();
        tokio::task::spawn_blocking(move || {
            std::process::Command::new(env!("CARGO_BIN_EXE_echoppe"))
                .args(["surge", "--target", &target, "--out"])
                .arg(out)
                .env("ECHOPPE_LOG", "warn")
                .output()
                .unwrap()
        })
    };
    let output = tokio::time::timeout(Duration::from_secs(30), surge(other)).await.unwrap().unwrap();
    assert!(!output.status.success());
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains("is this an echoppe server?"), "{message}");
    let output = surge("http://127.0.0.1:9".to_owned()).await.unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("is echoppe running there?"));
    assert!(!out.path().join("report.json").exists(), "nothing ran");
}
