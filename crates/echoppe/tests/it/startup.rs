//! Start-up failures, through the real binary: a clear message naming the
//! path, a non-zero exit, and nothing overwritten.

use std::path::Path;
use std::process::{Command, Output};

fn echoppe(args: &[&str], data: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_echoppe"))
        .args(args)
        .arg("--data")
        .arg(data)
        .env_remove("ECHOPPE_CONFIG")
        .env("ECHOPPE_LOG", "warn")
        .output()
        .expect("run echoppe")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn a_data_directory_that_is_a_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-directory");
    std::fs::write(&file, "x").unwrap();
    for data in [file.clone(), file.join("below")] {
        let output = echoppe(&["migrate"], &data);
        assert!(!output.status.success());
        let message = stderr(&output);
        assert!(message.contains(&data.display().to_string()), "{message}");
        assert!(message.contains("data directory"), "{message}");
    }
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "x");
}

#[test]
fn a_corrupt_database_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("echoppe.db");
    let garbage = b"SQLite format 2\0 but not really; a torn copy of something else".repeat(64);
    std::fs::write(&db, &garbage).unwrap();
    let output = echoppe(&["migrate"], dir.path());
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(message.contains(&db.display().to_string()) && message.contains("untouched"), "{message}");
    assert!(std::fs::read(&db).unwrap() == garbage, "the file is unchanged");
}

#[test]
fn a_newer_schema_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    assert!(echoppe(&["migrate"], dir.path()).status.success());
    let db = dir.path().join("echoppe.db");
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", db.display())).await.unwrap();
        sqlx::query(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
             VALUES (99990101, 'from a future echoppe', 1, x'00', 0)",
        )
        .execute(&pool)
        .await
        .unwrap();
        pool.close().await;
    });
    let before = std::fs::read(&db).unwrap();
    for args in [&["migrate"][..], &["serve", "--bind", "127.0.0.1:0"]] {
        let output = echoppe(args, dir.path());
        assert!(!output.status.success(), "{args:?}");
        let message = stderr(&output);
        assert!(
            message.contains("newer than this echoppe") && message.contains(&db.display().to_string()),
            "{message}"
        );
    }
    assert!(std::fs::read(&db).unwrap() == before, "the file is unchanged");
}

#[test]
fn a_bad_config_file_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("echoppe.toml");
    std::fs::write(&config, "bind = \"not an address\"\n").unwrap();
    let output = echoppe(&["migrate", "--config", &config.display().to_string()], dir.path());
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(message.contains("bind") || message.contains("settings"), "{message}");
}

#[test]
fn seed_fills_only_an_empty_catalogue() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["seed", "--shops", "3", "--listings", "40", "--photo-pool", "3"];
    let first = echoppe(&args, dir.path());
    assert!(first.status.success(), "{}", stderr(&first));
    let second = echoppe(&args, dir.path());
    assert!(!second.status.success());
    assert!(stderr(&second).contains("already holds a catalogue"), "{}", stderr(&second));
}

#[test]
fn logs_to_a_pipe_carry_no_colour_codes() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_echoppe"))
        .args(["seed", "--shops", "2", "--listings", "10", "--photo-pool", "2", "--log", "info", "--data"])
        .arg(dir.path())
        .env_remove("ECHOPPE_CONFIG")
        .env_remove("NO_COLOR")
        .output()
        .expect("run echoppe");
    let logs = stderr(&output);
    assert!(output.status.success(), "{logs}");
    assert!(logs.contains("INFO"), "the logs were written: {logs}");
    assert!(!logs.contains('\u{1b}'), "no ANSI escape in logs sent to a pipe: {logs:?}");
}

/// `echoppe demo` prints ready-made accounts, and they work: the seller
/// has a shop with orders, the administrator reaches the admin pages.
#[tokio::test]
async fn the_demo_prints_accounts_that_sign_in() {
    use std::io::BufRead as _;
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_echoppe"))
        .args(["demo", "--shops", "3", "--listings", "40", "--bind", "127.0.0.1:0", "--log", "warn", "--data"])
        .arg(dir.path())
        .env_remove("ECHOPPE_CONFIG")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("run echoppe demo");
    let stdout = child.stdout.take().unwrap();
    let printed = tokio::task::spawn_blocking(move || {
        let mut lines = Vec::new();
        for line in std::io::BufReader::new(stdout).lines() {
            let line = line.unwrap();
            let done = line.contains("/admin/mail");
            lines.push(line);
            if done {
                break;
            }
        }
        lines.join("\n")
    })
    .await
    .unwrap();
    let address = printed.split("démonstration : ").nth(1).and_then(|r| r.lines().next()).unwrap().trim().to_owned();
    assert!(printed.contains("mot de passe : demo-echoppe"), "{printed}");
    let sign_in = |email: &'static str| {
        let address = address.clone();
        async move {
            let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
            let page = client.get(format!("{address}/login")).send().await.unwrap().text().await.unwrap();
            let csrf = crate::browser::csrf_in(&page);
            let home = client
                .post(format!("{address}/login"))
                .form(&[("csrf", csrf.as_str()), ("email", email), ("password", "demo-echoppe")])
                .send()
                .await
                .unwrap();
            assert!(home.text().await.unwrap().contains("Se déconnecter"), "{email} signs in");
            client
        }
    };
    for (email, page, expected) in [
        ("acheteuse@demo.echoppe.test", "/orders", "2 commandes"),
        ("vendeuse@demo.echoppe.test", "/sell/orders?status=paid", "1 commande"),
        ("admin@demo.echoppe.test", "/admin/live", "En direct"),
    ] {
        assert!(printed.contains(email), "{printed}");
        let client = sign_in(email).await;
        let body = client.get(format!("{address}{page}")).send().await.unwrap().text().await.unwrap();
        assert!(body.contains(expected), "{email} sees {expected} on {page}: {body}");
    }
    child.kill().unwrap();
    child.wait().unwrap();
}

/// The refusals of `echoppe migrate` on the test engine's server: another
/// application's tables, a newer schema, a wrong password — each named,
/// the password hidden, nothing written. (SQLite's are the tests above.)
#[tokio::test]
async fn a_server_database_of_another_application_or_a_newer_schema_is_refused() {
    use crate::helpers::{empty_database, engine};
    use sqlx::Connection as _;
    let engine = engine();
    if engine == echoppe_storage::Backend::Sqlite {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let migrate = |url: String| {
        let data = dir.path().to_path_buf();
        tokio::task::spawn_blocking(move || echoppe(&["migrate", "--database-url", &url], &data))
    };

    let foreign = empty_database(engine).await;
    let mut conn = sqlx::AnyConnection::connect(&foreign).await.unwrap();
    sqlx::query("CREATE TABLE invoices (id BIGINT PRIMARY KEY)").execute(&mut conn).await.unwrap();
    let output = migrate(foreign.clone()).await.unwrap();
    assert!(!output.status.success());
    assert!(stderr(&output).contains("another application"), "{}", stderr(&output));
    let here = if engine == echoppe_storage::Backend::Postgres { "current_schema()" } else { "DATABASE()" };
    let (tables,): (i64,) = sqlx::query_as(engine.assembled_sql(format!(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = '_sqlx_migrations' AND table_schema = {here}"
    )))
    .fetch_one(&mut conn)
    .await
    .unwrap();
    assert_eq!(tables, 0, "nothing was written");
    conn.close().await.ok();

    let newer = empty_database(engine).await;
    assert!(migrate(newer.clone()).await.unwrap().status.success());
    let mut conn = sqlx::AnyConnection::connect(&newer).await.unwrap();
    sqlx::query(engine.sql(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES (99990101, 'from a future echoppe', TRUE, ?, 0)",
    ))
    .bind(vec![0_u8])
    .execute(&mut conn)
    .await
    .unwrap();
    conn.close().await.ok();
    let output = migrate(newer).await.unwrap();
    assert!(!output.status.success());
    assert!(stderr(&output).contains("newer than this echoppe"), "{}", stderr(&output));

    let wrong = foreign.replacen("://", "://nobody:wrong-s3cret@", 1);
    let wrong = match wrong.split_once('@') {
        // Keep only the injected credentials: drop the URL's own, if any.
        Some((credentials, rest)) => format!("{credentials}@{}", rest.rsplit_once('@').map_or(rest, |(_, host)| host)),
        None => wrong,
    };
    let output = migrate(wrong).await.unwrap();
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(message.contains("nobody:***@") && !message.contains("wrong-s3cret"), "{message}");
}
