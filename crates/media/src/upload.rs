//! A seller's photo upload: from the bytes received to a stored original that
//! is safe to keep and to serve.
//!
//! The policy, step by step:
//! - The cheap checks come first (empty, byte size, format sniffed from the
//!   content, never trusted from the file name), then the pixel count read from
//!   the header alone, so a decompression bomb — a small PNG announcing
//!   50,000 × 50,000 pixels — is refused before a single pixel is decoded.
//! - Everything from the header on is CPU and memory work: it runs on a blocking
//!   thread holding one of the store's renderer permits, so a burst of uploads
//!   waits its turn instead of exhausting the machine.
//! - The photo is re-encoded, which is what removes the metadata cameras and
//!   phones write (EXIF with the GPS position of the seller's workshop, XMP,
//!   comments): only pixels survive. The EXIF orientation goes with the rest,
//!   so it is applied to the pixels first.
//! - What is refused is the seller's to fix, and is told in French
//!   ([`UploadRefusal`]); what fails is ours ([`MediaError`]).

use crate::MediaError;
use crate::photo_store::PhotoStore;
use crate::variant::{MAX_DECODE_BYTES, encode_jpeg, flatten_to_rgb, resize_to};
use bytes::Bytes;
use echoppe_domain::Photo;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits, RgbImage};
use std::io::Cursor;

const MEBIBYTE: usize = 1024 * 1024;

/// Stored originals are at most this long on their longest side: twice the
/// widest variant (1280), enough for zoom on a dense screen, and a bound on
/// what one photo costs on disk (about 1 MB).
const MAX_STORED_SIDE: u32 = 2560;

/// The original is the source of every variant, so it keeps more detail than
/// the variants themselves (82).
const ORIGINAL_JPEG_QUALITY: u8 = 90;

/// The longest side accepted whatever the pixel count: the most a JPEG can
/// describe. A longer, thinner picture is no product photo.
const MAX_SIDE: u32 = 65_535;

/// What reading a header may allocate. A PNG header read inflates its ICC
/// profile (real ones are a few kilobytes), which an attacker can make huge.
const MAX_HEADER_ALLOC: u64 = 64 * 1024 * 1024;

/// Limits for one uploaded photo (configurable by the operator).
#[derive(Debug, Clone, Copy)]
pub struct UploadLimits {
    /// The largest file accepted, in bytes.
    pub max_bytes: usize,
    /// The most pixels (width × height) accepted: what decoding costs in memory.
    pub max_pixels: u64,
}

impl Default for UploadLimits {
    /// 10 MB holds any phone photo; 40 megapixels holds most cameras' and keeps
    /// a decoded image under 160 MB.
    fn default() -> Self {
        Self { max_bytes: 10 * MEBIBYTE, max_pixels: 40_000_000 }
    }
}

/// Why an upload was refused. Shown to the seller: each message says what is
/// wrong and what to do, in plain French.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum UploadRefusal {
    #[error("le fichier est vide : choisissez une photo et envoyez-la de nouveau")]
    Empty,
    #[error(
        "la photo pèse {}, le maximum est {} : envoyez-en une version plus légère",
        megabytes_rounded_up(.bytes),
        megabytes_rounded_down(.limit)
    )]
    TooLarge { bytes: usize, limit: usize },
    #[error("ce fichier n'est pas une photo JPEG, PNG ou WebP : enregistrez-la dans l'un de ces formats")]
    NotAPhoto,
    #[error(
        "la photo mesure {width} × {height} pixels, le maximum est {} mégapixels : réduisez ses dimensions",
        megapixels(.limit)
    )]
    TooManyPixels { width: u32, height: u32, limit: u64 },
    /// The decoder's own words stay in the value (and the debug log): they are
    /// English and technical, so the seller's message leaves them out.
    #[error("la photo est illisible ou incomplète : enregistrez-la de nouveau, puis renvoyez-la")]
    Unreadable(String),
}

/// Why [`PhotoStore::accept_upload`] did not store a photo.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    /// The seller's file is not acceptable; the message is for them.
    #[error(transparent)]
    Refused(#[from] UploadRefusal),
    /// The store failed; nothing the seller can do.
    #[error(transparent)]
    Media(#[from] MediaError),
}

impl PhotoStore {
    /// Accepts an uploaded photo: checks, normalises, stores; returns the stored
    /// original's description. Nothing is written for a refused photo, and the
    /// same photo uploaded twice is stored once.
    pub async fn accept_upload(&self, bytes: Bytes, limits: &UploadLimits) -> Result<Photo, UploadError> {
        let outcome = self.normalise_and_store(bytes, *limits).await;
        let label = match &outcome {
            Ok(_) => "accepted",
            Err(UploadError::Refused(refusal)) => {
                tracing::debug!(%refusal, "photo upload refused");
                "refused"
            }
            // Counted apart: a failure of ours must not pass for sellers' bad files.
            Err(UploadError::Media(_)) => "failed",
        };
        metrics::counter!("echoppe_photo_uploads_total", "outcome" => label).increment(1);
        outcome
    }

    async fn normalise_and_store(&self, bytes: Bytes, limits: UploadLimits) -> Result<Photo, UploadError> {
        let format = sniff(&bytes, &limits)?;
        let permit = self.renderer_permit().await?;
        let normalised = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            normalise(&bytes, format, &limits)
        })
        .await
        .map_err(|e| MediaError::Encode(format!("upload task failed: {e}")))??;
        let key = self.put_original(Bytes::from(normalised.jpeg)).await?;
        Ok(Photo { key, width: normalised.width, height: normalised.height })
    }
}

/// The checks that need no parsing, in the order a seller is best told about.
fn sniff(bytes: &[u8], limits: &UploadLimits) -> Result<ImageFormat, UploadRefusal> {
    if bytes.is_empty() {
        return Err(UploadRefusal::Empty);
    }
    if bytes.len() > limits.max_bytes {
        return Err(UploadRefusal::TooLarge { bytes: bytes.len(), limit: limits.max_bytes });
    }
    match image::guess_format(bytes) {
        Ok(format @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)) => Ok(format),
        _ => Err(UploadRefusal::NotAPhoto),
    }
}

/// The original as it will be stored.
#[derive(Debug)]
struct Normalised {
    jpeg: Vec<u8>,
    width: u32,
    height: u32,
}

/// Decodes, orients, flattens, bounds and re-encodes a sniffed photo. Blocking.
fn normalise(bytes: &[u8], format: ImageFormat, limits: &UploadLimits) -> Result<Normalised, UploadError> {
    let (width, height) = reader(bytes, format, header_limits()).into_dimensions().map_err(|e| unreadable(&e))?;
    if width == 0 || height == 0 {
        return Err(UploadRefusal::Unreadable("image sans pixels".into()).into());
    }
    let too_many_pixels = || UploadRefusal::TooManyPixels { width, height, limit: limits.max_pixels };
    if u64::from(width) * u64::from(height) > limits.max_pixels || width.max(height) > MAX_SIDE {
        return Err(too_many_pixels().into());
    }

    // A limit hit from here on is the memory budget (16-bit RGBA costs 8 bytes a
    // pixel), which the seller meets by sending fewer pixels.
    let refused = |error: ImageError| match error {
        ImageError::Limits(_) => too_many_pixels(),
        other => unreadable(&other),
    };
    let mut decoder = reader(bytes, format, decode_limits()).into_decoder().map_err(refused)?;
    // A damaged EXIF block should not cost the seller a photo whose pixels are fine.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    // `from_decoder` allocates the pixel buffer without consulting the limits.
    decode_limits().reserve(decoder.total_bytes()).map_err(refused)?;
    let image = DynamicImage::from_decoder(decoder).map_err(refused)?;

    // Downscaling before orienting means the rotation copies the small image;
    // the longest side is the same either way.
    let (width, height, rgb) = flatten_to_rgb(image);
    let (target_width, target_height) = fit_within(width, height, MAX_STORED_SIDE);
    let (width, height, rgb) = resize_to(width, height, rgb, target_width, target_height)?;
    let pixels = RgbImage::from_raw(width, height, rgb)
        .ok_or_else(|| MediaError::Encode(format!("{width}x{height} does not match its pixel buffer")))?;
    let mut image = DynamicImage::ImageRgb8(pixels);
    image.apply_orientation(orientation);
    let (width, height) = (image.width(), image.height());
    let jpeg = encode_jpeg(image.into_rgb8().as_raw(), width, height, ORIGINAL_JPEG_QUALITY)?;
    Ok(Normalised { jpeg, width, height })
}

fn reader(bytes: &[u8], format: ImageFormat, limits: Limits) -> ImageReader<Cursor<&[u8]>> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits);
    reader
}

/// No bound on the sides while reading the header: the pixel count is checked
/// right after, and refusing with the real dimensions tells the seller more.
fn header_limits() -> Limits {
    let mut limits = Limits::no_limits();
    limits.max_alloc = Some(MAX_HEADER_ALLOC);
    limits
}

fn decode_limits() -> Limits {
    let mut limits = Limits::no_limits();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    limits
}

fn unreadable(error: &ImageError) -> UploadRefusal {
    UploadRefusal::Unreadable(error.to_string())
}

/// The size that fits `longest` on the longest side, keeping the aspect ratio;
/// never upscales.
fn fit_within(width: u32, height: u32, longest: u32) -> (u32, u32) {
    let side = width.max(height);
    if side <= longest {
        return (width, height);
    }
    let scale = |length: u32| {
        let scaled = (u64::from(length) * u64::from(longest) + u64::from(side) / 2) / u64::from(side);
        u32::try_from(scaled).unwrap_or(longest).max(1)
    };
    (scale(width), scale(height))
}

/// "12,3 Mo": rounded up, so a file just over the limit never reads as equal to it.
fn megabytes_rounded_up(bytes: &usize) -> String {
    let tenths = u64::try_from(*bytes).unwrap_or(u64::MAX).saturating_mul(10).div_ceil(MEBIBYTE as u64);
    format!("{} Mo", french_decimal(tenths))
}

fn megabytes_rounded_down(bytes: &usize) -> String {
    let tenths = u64::try_from(*bytes).unwrap_or(u64::MAX).saturating_mul(10) / MEBIBYTE as u64;
    format!("{} Mo", french_decimal(tenths))
}

fn megapixels(pixels: &u64) -> String {
    french_decimal(pixels / 100_000)
}

/// A count of tenths written the French way: "12,3", or "10" when whole.
fn french_decimal(tenths: u64) -> String {
    match tenths % 10 {
        0 => (tenths / 10).to_string(),
        tenth => format!("{},{tenth}", tenths / 10),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_limits() {
        let limits = UploadLimits::default();
        assert_eq!((limits.max_bytes, limits.max_pixels), (10 * 1024 * 1024, 40_000_000));
    }

    #[test]
    fn refusals_read_as_plain_french() {
        let too_large = UploadRefusal::TooLarge { bytes: 12_897_484, limit: 10 * MEBIBYTE };
        assert_eq!(
            too_large.to_string(),
            "la photo pèse 12,3 Mo, le maximum est 10 Mo : envoyez-en une version plus légère"
        );
        let just_over = UploadRefusal::TooLarge { bytes: 10 * MEBIBYTE + 1, limit: 10 * MEBIBYTE };
        assert!(just_over.to_string().starts_with("la photo pèse 10,1 Mo, le maximum est 10 Mo"), "{just_over}");
        let bomb = UploadRefusal::TooManyPixels { width: 50_000, height: 50_000, limit: 40_000_000 };
        assert!(
            bomb.to_string().starts_with("la photo mesure 50000 × 50000 pixels, le maximum est 40 mégapixels"),
            "{bomb}"
        );
        let odd_limit = UploadRefusal::TooManyPixels { width: 5000, height: 5000, limit: 12_500_000 };
        assert!(odd_limit.to_string().contains("le maximum est 12,5 mégapixels"), "{odd_limit}");
        assert!(UploadRefusal::Empty.to_string().starts_with("le fichier est vide"));
        let unreadable = UploadRefusal::Unreadable("fin de fichier".into());
        assert_eq!(
            unreadable.to_string(),
            "la photo est illisible ou incomplète : enregistrez-la de nouveau, puis renvoyez-la"
        );
    }

    #[test]
    fn the_cheap_checks_come_in_order() {
        let limits = UploadLimits { max_bytes: 8, max_pixels: 1 };
        assert_eq!(sniff(b"", &limits), Err(UploadRefusal::Empty));
        // Too large is said before "not a photo": the seller learns both limits in turn.
        assert_eq!(sniff(b"not a photo at all", &limits), Err(UploadRefusal::TooLarge { bytes: 18, limit: 8 }));
        assert_eq!(sniff(b"GIF89a..", &limits), Err(UploadRefusal::NotAPhoto));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n", &limits), Ok(ImageFormat::Png));
    }

    #[test]
    fn fitting_keeps_the_aspect_ratio_and_never_upscales() {
        assert_eq!(fit_within(800, 600, 2560), (800, 600));
        assert_eq!(fit_within(2560, 2560, 2560), (2560, 2560));
        assert_eq!(fit_within(3000, 2000, 2560), (2560, 1707));
        assert_eq!(fit_within(1000, 3000, 2560), (853, 2560));
        assert_eq!(fit_within(65_535, 1, 2560), (2560, 1));
    }
}
