//! Producing one resized, re-encoded rendition of an original.
//!
//! Pure CPU work, meant to run on a blocking thread: decode, flatten any
//! transparency onto white (JPEG has none, and a black background behind a
//! cut-out product looks broken), resize with a Lanczos filter, encode.

use crate::MediaError;
use echoppe_domain::{PhotoFormat, PhotoVariant};
use fast_image_resize::images::Image;
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::{DynamicImage, ImageReader, Limits};
use std::io::Cursor;

/// Quality settings chosen for product photos: small enough for a phone on a
/// train, with no visible blocking on fabric and metal textures.
const JPEG_QUALITY: u8 = 82;
const WEBP_QUALITY: f32 = 78.0;

/// The largest original the decoder will expand: a 50-megapixel camera image
/// fits, a decompression bomb does not.
const MAX_PIXELS_SIDE: u32 = 12_000;
pub(crate) const MAX_DECODE_BYTES: u64 = 512 * 1024 * 1024;

/// Renders `variant` from the bytes of an original. Never upscales: an original
/// narrower than the variant keeps its own width.
pub fn render_variant(original: &[u8], variant: PhotoVariant) -> Result<Vec<u8>, MediaError> {
    let image = decode(original)?;
    let (width, height, rgb) = flatten_to_rgb(image);
    let (width, height, rgb) = resize(width, height, rgb, variant.width)?;
    match variant.format {
        PhotoFormat::Jpeg => encode_jpeg(&rgb, width, height, JPEG_QUALITY),
        PhotoFormat::WebP => Ok(webp::Encoder::from_rgb(&rgb, width, height).encode(WEBP_QUALITY).to_vec()),
    }
}

/// Encodes RGB pixels as a baseline JPEG. `jpeg-encoder` (SIMD) rather than
/// the `image` crate's encoder: measured 2.5x faster on product photos, and
/// encoding is most of the cost of a variant.
pub fn encode_jpeg(rgb: &[u8], width: u32, height: u32, quality: u8) -> Result<Vec<u8>, MediaError> {
    let too_big = || MediaError::Encode(format!("{width}x{height} is too large for JPEG"));
    let (w, h) = (u16::try_from(width).map_err(|_| too_big())?, u16::try_from(height).map_err(|_| too_big())?);
    let mut out = Vec::with_capacity(rgb.len() / 8);
    jpeg_encoder::Encoder::new(&mut out, quality)
        .encode(rgb, w, h, jpeg_encoder::ColorType::Rgb)
        .map_err(|e| MediaError::Encode(e.to_string()))?;
    Ok(out)
}

pub(crate) fn decode(bytes: &[u8]) -> Result<DynamicImage, MediaError> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| MediaError::Unreadable(e.to_string()))?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_PIXELS_SIDE);
    limits.max_image_height = Some(MAX_PIXELS_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    reader.decode().map_err(|e| MediaError::Unreadable(e.to_string()))
}

pub(crate) fn flatten_to_rgb(image: DynamicImage) -> (u32, u32, Vec<u8>) {
    let (width, height) = (image.width(), image.height());
    if !image.color().has_alpha() {
        return (width, height, image.into_rgb8().into_raw());
    }
    let rgba = image.into_rgba8();
    let mut rgb = Vec::with_capacity(rgba.len() / 4 * 3);
    for pixel in rgba.chunks_exact(4) {
        let alpha = u16::from(pixel[3]);
        for &channel in &pixel[..3] {
            // Blend over white: c * a + 255 * (1 - a), in integer arithmetic.
            let blended = (u16::from(channel) * alpha + 255 * (255 - alpha)) / 255;
            rgb.push(u8::try_from(blended).unwrap_or(u8::MAX));
        }
    }
    (width, height, rgb)
}

fn resize(width: u32, height: u32, rgb: Vec<u8>, target_width: u32) -> Result<(u32, u32, Vec<u8>), MediaError> {
    if width <= target_width {
        return Ok((width, height, rgb));
    }
    let target_height =
        u32::try_from(u64::from(height) * u64::from(target_width) / u64::from(width)).unwrap_or(1).max(1);
    resize_to(width, height, rgb, target_width, target_height)
}

/// Resizes RGB pixels to exactly `target_width` × `target_height`; the caller
/// keeps the aspect ratio.
pub(crate) fn resize_to(
    width: u32,
    height: u32,
    rgb: Vec<u8>,
    target_width: u32,
    target_height: u32,
) -> Result<(u32, u32, Vec<u8>), MediaError> {
    if (width, height) == (target_width, target_height) {
        return Ok((width, height, rgb));
    }
    let source =
        Image::from_vec_u8(width, height, rgb, PixelType::U8x3).map_err(|e| MediaError::Encode(e.to_string()))?;
    let mut target = Image::new(target_width, target_height, PixelType::U8x3);
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    Resizer::new().resize(&source, &mut target, &options).map_err(|e| MediaError::Encode(e.to_string()))?;
    Ok((target_width, target_height, target.into_vec()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{ImageFormat, Rgb, RgbImage, Rgba, RgbaImage};

    fn jpeg(width: u32, height: u32) -> Vec<u8> {
        let image = RgbImage::from_fn(width, height, |x, y| {
            Rgb([u8::try_from(x % 256).unwrap(), u8::try_from(y % 256).unwrap(), 128])
        });
        let mut out = Cursor::new(Vec::new());
        image.write_to(&mut out, ImageFormat::Jpeg).unwrap();
        out.into_inner()
    }

    #[test]
    fn resizes_to_the_variant_width_keeping_the_aspect_ratio() {
        let original = jpeg(1000, 750);
        for format in [PhotoFormat::Jpeg, PhotoFormat::WebP] {
            let bytes = render_variant(&original, PhotoVariant { width: 340, format }).unwrap();
            let decoded = image::load_from_memory(&bytes).unwrap();
            assert_eq!((decoded.width(), decoded.height()), (340, 255), "{format:?}");
            let expected = match format {
                PhotoFormat::Jpeg => ImageFormat::Jpeg,
                PhotoFormat::WebP => ImageFormat::WebP,
            };
            assert_eq!(image::guess_format(&bytes).unwrap(), expected);
        }
    }

    #[test]
    fn never_upscales() {
        let bytes = render_variant(&jpeg(300, 200), PhotoVariant { width: 1280, format: PhotoFormat::Jpeg }).unwrap();
        let decoded = image::load_from_memory(&bytes).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (300, 200));
    }

    #[test]
    fn transparency_becomes_white() {
        let image = RgbaImage::from_pixel(40, 40, Rgba([0, 0, 0, 0]));
        let mut png = Cursor::new(Vec::new());
        image.write_to(&mut png, ImageFormat::Png).unwrap();
        let bytes = render_variant(png.get_ref(), PhotoVariant { width: 170, format: PhotoFormat::Jpeg }).unwrap();
        let decoded = image::load_from_memory(&bytes).unwrap().into_rgb8();
        assert!(decoded.pixels().all(|p| p.0.iter().all(|&c| c > 240)), "transparent pixels are white");
    }

    #[test]
    fn garbage_is_refused_not_panicked_on() {
        for bytes in [&b""[..], b"not an image", &jpeg(50, 50)[..200]] {
            let result = render_variant(bytes, PhotoVariant { width: 170, format: PhotoFormat::Jpeg });
            assert!(matches!(result, Err(MediaError::Unreadable(_))), "{result:?}");
        }
    }
}
