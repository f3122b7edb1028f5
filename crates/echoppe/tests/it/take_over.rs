//! `echoppe serve --take-over`: a new server replaces the running one on the
//! same machine and port without a failed request or a lost order, and a
//! take-over that goes wrong leaves the running server serving.

use crate::browser::Browser;
use crate::crowd::{Crowd, present};
use crate::helpers::{copy_dir, engine, template};
use crate::process::{ServeProcess, free_port};
use echoppe_storage::Backend;
use std::time::Duration;

/// A copy of the test catalogue in a directory of its own, with room beside
/// it for the servers' logs.
fn catalogue() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(template(), &dir.path().join("data"));
    dir
}

#[tokio::test]
async fn a_new_server_takes_the_port_over_under_load_without_a_failed_request() {
    // Two processes over one SQLite file: the engine-independent part runs once.
    if engine() != Backend::Sqlite {
        return;
    }
    let dir = catalogue();
    let data = dir.path().join("data");
    let port = free_port();
    let mut old = ServeProcess::start(&data, port, &[], &dir.path().join("old.log"));
    old.ready(Duration::from_secs(60)).await;
    let seller = Browser::seller(&old, "relais@example.fr", "Atelier relais").await;
    let listing = seller.published_listing("Collier relais").await;
    seller.edit_listing(listing, "Collier relais", "19,00", "500").await;

    let crowd = Crowd::start(&old.address, 6, listing);
    tokio::time::sleep(Duration::from_secs(2)).await;
    // The new one warms a few listings first, as a deploy would.
    let mut new =
        ServeProcess::start(&data, port, &["--take-over", "--warm-listings", "5"], &dir.path().join("new.log"));
    let status = old.exited(Duration::from_secs(180)).await;
    assert!(status.success(), "the old server left cleanly: {status}\n{}", old.log());
    assert!(old.log().contains("taken over by a newer server"), "{}", old.log());
    // The crowd keeps buying from the new one alone.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let tally = crowd.stop().await;
    println!(
        "take-over under load: {} requests, {} orders acknowledged, {} failed, {} unanswered",
        tally.requests,
        tally.orders.len(),
        tally.failures.len(),
        tally.lost.len()
    );
    assert!(tally.failures.is_empty(), "failed requests: {:?}\nnew server:\n{}", tally.failures, new.log());
    assert!(tally.lost.is_empty(), "unanswered requests: {:?}\nold server:\n{}", tally.lost, old.log());
    assert!(tally.orders.len() >= 6, "the crowd bought: {}", tally.orders.len());
    new.ready(Duration::from_secs(5)).await;
    for order in &tally.orders {
        present(order, &new.address).await.unwrap();
    }
    // And the new server can be replaced in turn.
    let mut newer = ServeProcess::start(&data, port, &["--take-over"], &dir.path().join("newer.log"));
    assert!(new.exited(Duration::from_secs(120)).await.success(), "{}", new.log());
    newer.ready(Duration::from_secs(5)).await;
}

#[tokio::test]
async fn a_take_over_that_fails_leaves_the_running_server_serving() {
    if engine() != Backend::Sqlite {
        return;
    }
    let dir = catalogue();
    let data = dir.path().join("data");
    let port = free_port();
    let mut running = ServeProcess::start(&data, port, &[], &dir.path().join("running.log"));
    running.ready(Duration::from_secs(60)).await;

    // Without --take-over, a second server on the same data is refused.
    let mut second = ServeProcess::start(&data, free_port(), &[], &dir.path().join("second.log"));
    assert!(!second.exited(Duration::from_secs(60)).await.success());
    assert!(second.log().contains("start this one with --take-over"), "{}", second.log());

    // Another address than the running server's: refused, having touched nothing.
    let elsewhere = free_port();
    let mut moved = ServeProcess::start(&data, elsewhere, &["--take-over"], &dir.path().join("moved.log"));
    assert!(!moved.exited(Duration::from_secs(60)).await.success());
    assert!(moved.log().contains("keeps the running server's address"), "{}", moved.log());

    // The socket handed over, then a database it cannot open: it gives up.
    let broken = ["--take-over", "--database-url", "postgres://nobody@127.0.0.1:9/none"];
    let mut failed = ServeProcess::start(&data, port, &broken, &dir.path().join("failed.log"));
    assert!(!failed.exited(Duration::from_secs(60)).await.success(), "{}", failed.log());

    running.ready(Duration::from_secs(5)).await;
    let page = reqwest::get(format!("{}/", running.address)).await.unwrap();
    assert!(page.status().is_success());
    assert!(running.log().contains("keeps serving"), "{}", running.log());
}
