//! `/media/{key}/{variant}`: photo variants.

use crate::helpers::TestApp;
use reqwest::StatusCode;

async fn a_photo(app: &TestApp) -> (String, u64, u64) {
    let summary = &app.json("/api/v1/listings?limit=1", StatusCode::OK).await["listings"][0];
    let cover = &summary["cover"];
    (cover["key"].as_str().unwrap().to_owned(), cover["width"].as_u64().unwrap(), cover["height"].as_u64().unwrap())
}

#[tokio::test]
async fn variants_are_resized_cacheable_and_revalidate_with_304() {
    let app = TestApp::spawn().await;
    let (key, width, height) = a_photo(&app).await;
    for (variant, content_type, format) in
        [("340.webp", "image/webp", image::ImageFormat::WebP), ("170.jpg", "image/jpeg", image::ImageFormat::Jpeg)]
    {
        let response = app.get(&format!("/media/{key}/{variant}")).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()["content-type"], content_type);
        assert_eq!(response.headers()["cache-control"], "public, max-age=31536000, immutable");
        let etag = response.headers()["etag"].to_str().unwrap().to_owned();
        let bytes = response.bytes().await.unwrap();
        assert_eq!(image::guess_format(&bytes).unwrap(), format);
        let decoded = image::load_from_memory(&bytes).unwrap();
        let expected_width: u64 = variant.split('.').next().unwrap().parse().unwrap();
        assert_eq!(u64::from(decoded.width()), expected_width);
        assert_eq!(u64::from(decoded.height()), height * expected_width / width, "aspect ratio kept");

        let revalidated = app
            .client
            .get(app.url(&format!("/media/{key}/{variant}")))
            .header("if-none-match", &etag)
            .send()
            .await
            .unwrap();
        assert_eq!(revalidated.status(), StatusCode::NOT_MODIFIED);
        assert_eq!(revalidated.headers()["etag"], etag.as_str());
    }
    // Wider than the original: served at the original's width, never upscaled.
    let response = app.get(&format!("/media/{key}/1280.jpg")).await;
    let decoded = image::load_from_memory(&response.bytes().await.unwrap()).unwrap();
    assert_eq!(u64::from(decoded.width()), width.min(1280));
}

#[tokio::test]
async fn unknown_photos_and_sizes_are_404s() {
    let app = TestApp::spawn().await;
    let (key, _, _) = a_photo(&app).await;
    for path in [
        format!("/media/{key}/341.webp"),
        format!("/media/{key}/340.png"),
        format!("/media/{key}/original"),
        "/media/0123456789abcdef0123456789abcdef/340.webp".to_owned(),
        "/media/not-a-key/340.webp".to_owned(),
        "/media/..%2F..%2Fechoppe.db/340.webp".to_owned(),
    ] {
        assert_eq!(app.get(&path).await.status(), StatusCode::NOT_FOUND, "{path}");
    }
}
