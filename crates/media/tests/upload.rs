//! The seller's upload path, through the public API the web layer calls.
#![expect(clippy::unwrap_used, reason = "a panic is how a test reports failure")]

use bytes::Bytes;
use echoppe_domain::Photo;
use echoppe_media::{PhotoStore, PhotoStoreSettings, UploadError, UploadLimits, UploadRefusal, encode_jpeg};
use image::{ImageFormat, Rgb, RgbImage, Rgba, RgbaImage};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::io::Cursor;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

fn store() -> (TempDir, PhotoStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = PhotoStore::local(&PhotoStoreSettings { dir: dir.path().to_path_buf(), cache_bytes: 1 << 20 }).unwrap();
    (dir, store)
}

async fn accept(store: &PhotoStore, bytes: impl Into<Bytes>) -> Result<Photo, UploadError> {
    store.accept_upload(bytes.into(), &UploadLimits::default()).await
}

fn refusal(outcome: Result<Photo, UploadError>) -> UploadRefusal {
    match outcome {
        Err(UploadError::Refused(refusal)) => refusal,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// Every file under `originals/`, however deep.
fn originals(dir: &Path) -> Vec<PathBuf> {
    fn walk(path: &Path, found: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(path) else { return };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() { walk(&path, found) } else { found.push(path) }
        }
    }
    let mut found = Vec::new();
    walk(&dir.join("originals"), &mut found);
    found
}

/// The stored original, checked to be a JPEG of the announced size.
fn stored(dir: &Path, photo: &Photo) -> Vec<u8> {
    let key = photo.key.as_str();
    let bytes = std::fs::read(dir.join(format!("originals/{}/{key}", &key[..2]))).unwrap();
    assert_eq!(image::guess_format(&bytes).unwrap(), ImageFormat::Jpeg);
    let decoded = image::load_from_memory_with_format(&bytes, ImageFormat::Jpeg).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (photo.width, photo.height));
    bytes
}

fn gradient(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| Rgb([u8::try_from(x % 256).unwrap(), u8::try_from(y % 256).unwrap(), 90]))
}

fn jpeg(image: &RgbImage) -> Vec<u8> {
    encode_jpeg(image.as_raw(), image.width(), image.height(), 85).unwrap()
}

fn png(image: impl Into<image::DynamicImage>) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    image.into().write_to(&mut out, ImageFormat::Png).unwrap();
    out.into_inner()
}

fn webp(image: &RgbImage) -> Vec<u8> {
    webp::Encoder::from_rgb(image.as_raw(), image.width(), image.height()).encode(80.0).to_vec()
}

/// A JPEG with an EXIF APP1 segment carrying `tiff` (a TIFF header and its IFDs)
/// right after the start-of-image marker, where cameras put it.
fn with_exif(jpeg: &[u8], tiff: &[u8]) -> Vec<u8> {
    assert_eq!(&jpeg[..2], b"\xff\xd8");
    let length = u16::try_from(2 + 6 + tiff.len()).unwrap();
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(b"\xff\xe1");
    out.extend_from_slice(&length.to_be_bytes());
    out.extend_from_slice(b"Exif\0\0");
    out.extend_from_slice(tiff);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// One big-endian IFD entry whose value fits in its four bytes.
fn ifd_entry(tag: u16, kind: u16, count: u32, value: [u8; 4]) -> Vec<u8> {
    [&tag.to_be_bytes()[..], &kind.to_be_bytes(), &count.to_be_bytes(), &value].concat()
}

const SHORT: u16 = 3;
const LONG: u16 = 4;
const ASCII: u16 = 2;

/// A TIFF header and an IFD0 of `entries`, starting right after the header.
fn tiff(entries: &[Vec<u8>], next: &[u8]) -> Vec<u8> {
    let mut out = b"MM\0\x2a\0\0\0\x08".to_vec();
    out.extend_from_slice(&u16::try_from(entries.len()).unwrap().to_be_bytes());
    for entry in entries {
        out.extend_from_slice(entry);
    }
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(next);
    out
}

fn orientation(value: u16) -> Vec<u8> {
    let [high, low] = value.to_be_bytes();
    tiff(&[ifd_entry(0x0112, SHORT, 1, [high, low, 0, 0])], &[])
}

/// IFD0 pointing at a GPS IFD that says where the photo was taken.
fn gps_exif() -> Vec<u8> {
    // Header (8) + count (2) + two entries (24) + next-IFD offset (4).
    let gps_offset: u32 = 8 + 2 + 24 + 4;
    let gps_ifd = [
        &2u16.to_be_bytes()[..],
        &ifd_entry(0x0001, ASCII, 2, *b"N\0\0\0"),
        &ifd_entry(0x0003, ASCII, 2, *b"E\0\0\0"),
        &[0; 4],
    ]
    .concat();
    let entries = [ifd_entry(0x0112, SHORT, 1, [0, 1, 0, 0]), ifd_entry(0x8825, LONG, 1, gps_offset.to_be_bytes())];
    tiff(&entries, &gps_ifd)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle)
}

#[tokio::test]
async fn accepts_jpeg_png_and_webp_and_stores_a_jpeg() {
    let (dir, store) = store();
    let image = gradient(120, 90);
    for (name, bytes) in [("jpeg", jpeg(&image)), ("png", png(image.clone())), ("webp", webp(&image))] {
        let photo = accept(&store, bytes).await.unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert_eq!((photo.width, photo.height), (120, 90), "{name}");
        stored(dir.path(), &photo);
    }
    assert_eq!(originals(dir.path()).len(), 3);
}

#[tokio::test]
async fn transparency_is_flattened_onto_white() {
    let (dir, store) = store();
    let cut_out = RgbaImage::from_fn(64, 48, |x, _| if x < 32 { Rgba([0, 0, 0, 0]) } else { Rgba([200, 20, 20, 255]) });
    let photo = accept(&store, png(cut_out)).await.unwrap();
    let pixels = image::load_from_memory(&stored(dir.path(), &photo)).unwrap().into_rgb8();
    assert!(pixels.get_pixel(8, 24).0.iter().all(|&c| c > 240), "transparent is white: {:?}", pixels.get_pixel(8, 24));
    let opaque = pixels.get_pixel(56, 24).0;
    assert!(opaque[0] > 150 && opaque[1] < 80, "opaque stays red: {opaque:?}");
}

#[tokio::test]
async fn exif_orientation_is_applied_to_the_pixels() {
    let (dir, store) = store();
    // Left half red, right half blue; orientation 6 means "rotate 90° clockwise
    // to display", which puts the left half on top.
    let image = RgbImage::from_fn(80, 40, |x, _| if x < 40 { Rgb([220, 0, 0]) } else { Rgb([0, 0, 220]) });
    let photo = accept(&store, with_exif(&jpeg(&image), &orientation(6))).await.unwrap();
    assert_eq!((photo.width, photo.height), (40, 80));
    let pixels = image::load_from_memory(&stored(dir.path(), &photo)).unwrap().into_rgb8();
    let (top, bottom) = (pixels.get_pixel(20, 10).0, pixels.get_pixel(20, 70).0);
    assert!(top[0] > 150 && top[2] < 80, "top is red: {top:?}");
    assert!(bottom[2] > 150 && bottom[0] < 80, "bottom is blue: {bottom:?}");
}

#[tokio::test]
async fn gps_exif_is_not_kept() {
    let (dir, store) = store();
    let upload = with_exif(&jpeg(&gradient(64, 64)), &gps_exif());
    assert!(contains(&upload, b"Exif\0\0"));
    let photo = accept(&store, upload).await.unwrap();
    let bytes = stored(dir.path(), &photo);
    assert!(!contains(&bytes, b"Exif\0\0"), "the stored original carries no EXIF segment");
    assert!(!contains(&bytes, b"\xff\xe1"), "nor any APP1 segment (EXIF or XMP)");
}

#[tokio::test]
async fn uploading_the_same_photo_twice_stores_it_once() {
    let (dir, store) = store();
    let bytes = jpeg(&gradient(100, 100));
    let first = accept(&store, bytes.clone()).await.unwrap();
    let second = accept(&store, bytes).await.unwrap();
    assert_eq!(first, second);
    assert_eq!(originals(dir.path()).len(), 1);
}

#[tokio::test]
async fn empty_oversized_and_foreign_files_are_refused_and_nothing_is_stored() {
    let (dir, store) = store();
    assert_eq!(refusal(accept(&store, Vec::new()).await), UploadRefusal::Empty);

    let eleven_megabytes = [jpeg(&gradient(16, 16)), vec![0; 11 * 1024 * 1024]].concat();
    let bytes = eleven_megabytes.len();
    assert_eq!(
        refusal(accept(&store, eleven_megabytes).await),
        UploadRefusal::TooLarge { bytes, limit: 10 * 1024 * 1024 }
    );

    let foreign: [&[u8]; 4] = [
        b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj",
        b"just some text, named photo.jpg",
        b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;",
        b"BM\x3a\x00\x00\x00\x00\x00\x00\x00\x36\x00\x00\x00\x28\x00\x00\x00\x01\x00\x00\x00\x01\x00\x00\x00\x01\x00\x18\x00",
    ];
    for bytes in foreign {
        assert_eq!(refusal(accept(&store, bytes).await), UploadRefusal::NotAPhoto, "{:?}", &bytes[..6]);
    }
    assert!(originals(dir.path()).is_empty());
}

#[tokio::test]
async fn a_png_named_jpg_is_accepted_by_its_content() {
    let (dir, store) = store();
    // The upload carries no name at all: "photo.jpg" holding a PNG is judged by
    // its bytes, as is any file.
    let photo_dot_jpg = png(gradient(30, 20));
    let photo = accept(&store, photo_dot_jpg).await.unwrap();
    assert_eq!((photo.width, photo.height), (30, 20));
    stored(dir.path(), &photo);
}

fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let length = u32::try_from(data.len()).unwrap().to_be_bytes();
    let crc = crc32fast::hash(&[&kind[..], data].concat()).to_be_bytes();
    [&length[..], kind, data, &crc].concat()
}

#[tokio::test]
async fn a_decompression_bomb_is_refused_from_its_header() {
    let (dir, store) = store();
    let side: u32 = 50_000;
    // 8-bit RGB, no interlace: 7.5 GB once decoded, from a file of a few dozen bytes.
    let ihdr = [&side.to_be_bytes()[..], &side.to_be_bytes(), &[8, 2, 0, 0, 0]].concat();
    // A zlib stream of a few zero bytes: far too short, but nothing should read it.
    let idat = [0x78, 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01];
    let bomb =
        [&b"\x89PNG\r\n\x1a\n"[..], &png_chunk(b"IHDR", &ihdr), &png_chunk(b"IDAT", &idat), &png_chunk(b"IEND", &[])]
            .concat();
    assert_eq!(image::guess_format(&bomb).unwrap(), ImageFormat::Png);

    // Refused from the header: decoding would need 7.5 GB (the decoder's own
    // limits would stop it, but only after allocating and inflating).
    let outcome = accept(&store, bomb).await;
    assert_eq!(refusal(outcome), UploadRefusal::TooManyPixels { width: side, height: side, limit: 40_000_000 });
    assert!(originals(dir.path()).is_empty());
}

#[tokio::test]
async fn truncated_photos_are_refused_or_accepted_never_failed() {
    let (dir, store) = store();
    let image = gradient(96, 64);
    for (name, bytes) in [("jpeg", jpeg(&image)), ("png", png(image.clone())), ("webp", webp(&image))] {
        let cuts = [1, 8, 16, 30, 64, bytes.len() / 4, bytes.len() / 2, bytes.len() * 9 / 10, bytes.len() - 1];
        for cut in cuts {
            match accept(&store, bytes[..cut].to_vec()).await {
                Ok(photo) => {
                    stored(dir.path(), &photo);
                }
                Err(UploadError::Refused(
                    UploadRefusal::Unreadable(_) | UploadRefusal::NotAPhoto | UploadRefusal::TooManyPixels { .. },
                )) => {}
                other => panic!("{name} cut at {cut} of {}: {other:?}", bytes.len()),
            }
        }
    }
}

#[tokio::test]
async fn originals_longer_than_2560_pixels_are_downscaled() {
    let (dir, store) = store();
    for ((width, height), expected) in [((3000, 1500), (2560, 1280)), ((1000, 3000), (853, 2560))] {
        let photo = accept(&store, jpeg(&gradient(width, height))).await.unwrap();
        assert_eq!((photo.width, photo.height), expected, "{width}x{height}");
        stored(dir.path(), &photo);
    }
}

#[tokio::test]
async fn the_operator_limits_apply() {
    let (dir, store) = store();
    let limits = UploadLimits { max_bytes: 1024 * 1024, max_pixels: 100 * 100 };
    let bytes = jpeg(&gradient(101, 100));
    let outcome = store.accept_upload(bytes.into(), &limits).await;
    assert_eq!(refusal(outcome), UploadRefusal::TooManyPixels { width: 101, height: 100, limit: 10_000 });
    assert!(store.accept_upload(jpeg(&gradient(100, 100)).into(), &limits).await.is_ok());
    assert_eq!(originals(dir.path()).len(), 1);
}

/// Runs `cases` of `strategy` through `accept_upload`: whatever the bytes, the
/// outcome is a photo or a refusal — never a panic, never a store failure.
fn never_fails(cases: u32, strategy: impl Strategy<Value = Vec<u8>>) {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let (_dir, store) = store();
    let mut runner = TestRunner::new(Config { cases, failure_persistence: None, ..Config::default() });
    runner
        .run(&strategy, |bytes| {
            let outcome = runtime.block_on(accept(&store, bytes));
            prop_assert!(matches!(outcome, Ok(_) | Err(UploadError::Refused(_))), "{outcome:?}");
            Ok(())
        })
        .unwrap();
}

/// The magic numbers that get random bytes past the sniffing to the decoders.
fn magic() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(Vec::new()),
        Just(b"\xff\xd8\xff".to_vec()),
        Just(b"\x89PNG\r\n\x1a\n".to_vec()),
        Just(b"RIFF\0\0\0\0WEBPVP8 ".to_vec()),
    ]
}

#[test]
fn random_bytes_are_refused_never_failed() {
    let strategy =
        (magic(), prop::collection::vec(any::<u8>(), 0..512)).prop_map(|(magic, tail)| [magic, tail].concat());
    never_fails(128, strategy);
}

#[test]
fn damaged_photos_are_refused_or_accepted_never_failed() {
    let image = gradient(24, 16);
    let samples = vec![jpeg(&image), png(image.clone()), webp(&image)];
    let strategy = (
        prop::sample::select(samples),
        prop::option::of(any::<prop::sample::Index>()),
        prop::collection::vec((any::<prop::sample::Index>(), 0..8u8), 0..6),
    )
        .prop_map(|(mut bytes, cut, flips)| {
            for (at, bit) in flips {
                let at = at.index(bytes.len());
                bytes[at] ^= 1 << bit;
            }
            // Keep at least one byte: an empty file is another test's case.
            if let Some(cut) = cut {
                bytes.truncate(1 + cut.index(bytes.len()));
            }
            bytes
        });
    never_fails(128, strategy);
}

/// `cargo test --release -p echoppe-media --test upload upload_speed -- --ignored --nocapture`:
/// what accepting a phone photo (12 megapixels, JPEG) costs, end to end.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "a timing report, meaningful only in release"]
async fn upload_speed() {
    let (_dir, store) = store();
    let photos: Vec<Vec<u8>> = (0..5_u8)
        .map(|n| {
            let image = RgbImage::from_fn(4000, 3000, |x, y| {
                Rgb([u8::try_from((x / 7 + y / 5) % 256).unwrap(), n.wrapping_mul(40), u8::try_from(y % 256).unwrap()])
            });
            jpeg(&image)
        })
        .collect();
    let size = photos[0].len();
    let started = std::time::Instant::now();
    for bytes in &photos {
        accept(&store, bytes.clone()).await.unwrap();
    }
    let each = started.elapsed() / 5;
    println!(
        "4000x3000 JPEG of {} KB accepted in {each:?} (decode, orient, resize to 2560, encode, store)",
        size / 1024
    );
}
