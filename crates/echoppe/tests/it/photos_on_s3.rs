//! Photos in an S3 bucket (`--media-url s3://…`), against a real
//! S3-compatible server run here: s3s-fs (crates.io), which keeps each
//! bucket as a folder. Uploads, refusals and variants behave as on disk; a
//! missing bucket or wrong credentials stop the start before the database
//! is touched. Skips without the s3s-fs binary (`.ci/run` installs it).

use crate::browser::{Browser, jpeg};
use crate::helpers::TestApp;
use echoppe::settings::Settings;
use reqwest::StatusCode;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const KEY: &str = "echoppe-test";
const SECRET: &str = "un secret de test";

/// An s3s-fs server over a temp folder, stopped when dropped.
struct S3Server {
    child: Child,
    root: tempfile::TempDir,
    endpoint: String,
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn s3s_fs() -> Option<PathBuf> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")));
    let candidates = std::env::var_os("ECHOPPE_TEST_S3S_FS")
        .map(PathBuf::from)
        .into_iter()
        .chain(home.map(|home| home.join("bin/s3s-fs")))
        .chain(
            std::env::var_os("PATH")
                .into_iter()
                .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
                .map(|dir| dir.join("s3s-fs")),
        );
    candidates.into_iter().find(|path| path.is_file())
}

/// A running S3 server with a `photos` bucket, or `None` after saying why.
async fn s3_server() -> Option<S3Server> {
    let Some(binary) = s3s_fs() else {
        assert!(
            std::env::var_os("ECHOPPE_REQUIRE_ENGINES").is_none(),
            "ECHOPPE_REQUIRE_ENGINES is set but s3s-fs is missing"
        );
        eprintln!(
            "skipping the S3 photo test: s3s-fs is not installed (cargo install s3s-fs --version 0.14.1 --features binary)"
        );
        return None;
    };
    let root = tempfile::tempdir().unwrap();
    std::fs::create_dir(root.path().join("photos")).unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = Command::new(binary)
        .args(["--host", "127.0.0.1", "--port", &port.to_string(), "--access-key", KEY, "--secret-key", SECRET])
        .arg(root.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let server = S3Server { child, root, endpoint: format!("http://127.0.0.1:{port}") };
    let started = Instant::now();
    while tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_err() {
        assert!(started.elapsed() < Duration::from_secs(10), "s3s-fs did not start");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Some(server)
}

fn on_s3(settings: &mut Settings, server: &S3Server, url: &str, secret: &str) {
    settings.media_url = url.to_owned();
    settings.s3_endpoint = server.endpoint.clone();
    settings.s3_region = "us-east-1".to_owned();
    settings.s3_access_key_id = KEY.to_owned();
    settings.s3_secret_access_key = secret.to_owned();
}

/// Every object file under `dir`.
fn objects(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() { found.extend(objects(&path)) } else { found.push(path) }
        }
    }
    found
}

#[tokio::test]
async fn photos_go_to_the_bucket_refusals_leave_nothing_and_variants_are_served_from_it() {
    let Some(server) = s3_server().await else { return };
    let app = TestApp::spawn_with(|s| on_s3(s, &server, "s3://photos/boutique", SECRET)).await;
    let bucket = server.root.path().join("photos");
    let seller = Browser::seller(&app, "nuage@example.fr", "Atelier Nuage").await;
    let id = seller.create_listing("Collier Nuage").await;
    let page = format!("/sell/listings/{id}");

    let answer =
        seller.upload(&page, &format!("{page}/photos"), "photos", vec![("faux.jpg", b"pas une image".to_vec())]).await;
    assert!(answer.status.is_client_error() || answer.status.is_redirection(), "{}", answer.status);
    assert!(objects(&bucket).is_empty(), "a refused upload leaves nothing in the bucket: {:?}", objects(&bucket));

    seller.upload(&page, &format!("{page}/photos"), "photos", vec![("a.jpg", jpeg(7))]).await.redirects_to(&page);
    seller.submit(&page, &format!("{page}/publish"), &[]).await.redirects_to(&page);
    let stored = objects(&bucket);
    assert_eq!(stored.len(), 1, "the original, under the prefix: {stored:?}");
    assert!(stored[0].starts_with(bucket.join("boutique")), "{stored:?}");

    let api = app.json(&format!("/api/v1/listings/{id}"), StatusCode::OK).await;
    let key = api["photos"][0]["key"].as_str().unwrap().to_owned();
    let response = app.get(&format!("/media/{key}/340.webp")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = response.bytes().await.unwrap();
    assert_eq!(image::guess_format(&bytes).unwrap(), image::ImageFormat::WebP);
    assert_eq!(objects(&bucket).len(), 2, "the variant made is kept in the bucket beside its original");
}

#[tokio::test]
async fn a_missing_bucket_or_wrong_credentials_stop_the_start_and_write_nothing() {
    let Some(server) = s3_server().await else { return };
    for (url, secret, expected) in [
        ("s3://absent/prefix", SECRET, "s3://absent/prefix cannot be used"),
        ("s3://photos", "pas le bon secret", "s3://photos cannot be used"),
        ("https://photos", SECRET, "must start with s3://"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let mut settings = crate::helpers::settings_for(dir.path());
        on_s3(&mut settings, &server, url, secret);
        let error = match echoppe::Application::build(&settings).await {
            Ok(_) => panic!("started with {url}"),
            Err(error) => error.to_string(),
        };
        assert!(error.contains(expected), "{url}: {error}");
        assert!(!dir.path().join("echoppe.db").exists(), "{url}: the database was not touched");
    }
    // A server that does not answer at all.
    let dir = tempfile::tempdir().unwrap();
    let mut settings = crate::helpers::settings_for(dir.path());
    on_s3(&mut settings, &server, "s3://photos", SECRET);
    settings.s3_endpoint = "http://127.0.0.1:9".to_owned();
    let error = match echoppe::Application::build(&settings).await {
        Ok(_) => panic!("started with an S3 server that does not answer"),
        Err(error) => error.to_string(),
    };
    assert!(error.contains("s3://photos cannot be used"), "{error}");
    assert!(!dir.path().join("echoppe.db").exists(), "the database was not touched");
    assert!(objects(server.root.path()).is_empty(), "nothing written anywhere");
}
