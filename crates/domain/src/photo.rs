//! Photos are content-addressed: a photo's key is derived from its bytes, so the
//! same picture uploaded twice is stored once, and a URL never changes meaning.

use crate::Invalid;
use crate::paging::shorten;
use std::fmt;

/// The content address of an original photo: 32 lower-case hex digits
/// (the first 128 bits of its SHA-256).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PhotoKey(String);

impl PhotoKey {
    pub const LEN: usize = 32;

    pub fn parse(text: &str) -> Result<Self, Invalid> {
        if text.len() == Self::LEN && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            Ok(Self(text.to_owned()))
        } else {
            Err(Invalid::new(format!("« {} » n'est pas une clé de photo", shorten(text))))
        }
    }

    /// Builds the key from the leading bytes of a digest.
    pub fn from_digest(digest: &[u8]) -> Self {
        use fmt::Write;
        let mut hex = String::with_capacity(Self::LEN);
        for byte in digest.iter().take(Self::LEN / 2) {
            // Writing into a String cannot fail.
            let _ = write!(hex, "{byte:02x}");
        }
        Self(hex)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PhotoKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The encodings variants are served in: WebP for browsers that take it, JPEG for the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PhotoFormat {
    WebP,
    Jpeg,
}

impl PhotoFormat {
    pub fn extension(self) -> &'static str {
        match self {
            Self::WebP => "webp",
            Self::Jpeg => "jpg",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Self::WebP => "image/webp",
            Self::Jpeg => "image/jpeg",
        }
    }
}

/// One resized rendition of a photo, named in URLs as `{width}.{extension}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PhotoVariant {
    pub width: u32,
    pub format: PhotoFormat,
}

impl PhotoVariant {
    /// The widths pages ask for: thumbnails, grid cards, the listing page, zoom.
    /// A fixed set (rather than any width) keeps the number of files per photo
    /// bounded, so a crawler cannot make the server resize forever.
    pub const WIDTHS: [u32; 4] = [170, 340, 680, 1280];

    /// Every variant a photo can have.
    pub fn all() -> impl Iterator<Item = Self> {
        [PhotoFormat::WebP, PhotoFormat::Jpeg]
            .into_iter()
            .flat_map(|format| Self::WIDTHS.into_iter().map(move |width| Self { width, format }))
    }

    /// Parses `340.webp` or `1280.jpg`.
    pub fn parse(name: &str) -> Result<Self, Invalid> {
        let refuse = || {
            Invalid::new(format!(
                "« {} » n'est pas une taille de photo (par exemple 340.webp ou 680.jpg)",
                shorten(name)
            ))
        };
        let (width, extension) = name.split_once('.').ok_or_else(refuse)?;
        let width: u32 = width.parse().map_err(|_| refuse())?;
        if !Self::WIDTHS.contains(&width) {
            return Err(refuse());
        }
        let format = match extension {
            "webp" => PhotoFormat::WebP,
            "jpg" => PhotoFormat::Jpeg,
            _ => return Err(refuse()),
        };
        Ok(Self { width, format })
    }

    pub fn file_name(self) -> String {
        format!("{}.{}", self.width, self.format.extension())
    }
}

/// A photo of a listing, in display order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Photo {
    pub key: PhotoKey,
    pub width: u32,
    pub height: u32,
}

impl Photo {
    /// The public URL of one variant.
    pub fn url(&self, variant: PhotoVariant) -> String {
        format!("/media/{}/{}", self.key, variant.file_name())
    }

    /// Height of a variant of the given width, keeping the aspect ratio. Variants
    /// are never upscaled, so widths above the original's keep its size.
    pub fn scaled_height(&self, width: u32) -> u32 {
        let width = width.min(self.width);
        if self.width == 0 {
            return 0;
        }
        let height = u64::from(self.height) * u64::from(width) / u64::from(self.width);
        u32::try_from(height).unwrap_or(u32::MAX)
    }

    /// A `srcset` attribute value listing every width in one format.
    pub fn srcset(&self, format: PhotoFormat) -> String {
        PhotoVariant::WIDTHS
            .iter()
            .map(|&width| {
                let variant = PhotoVariant { width, format };
                format!("{} {}w", self.url(variant), width.min(self.width))
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_32_hex_digits() {
        let key = PhotoKey::from_digest(&[0xab; 32]);
        assert_eq!(key.as_str(), "ab".repeat(16));
        assert!(PhotoKey::parse(key.as_str()).is_ok());
        for bad in ["", "AB".repeat(16).as_str(), &"g".repeat(32), &"a".repeat(31), "../etc/passwd"] {
            assert!(PhotoKey::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn variants_come_from_a_fixed_set() {
        let v = PhotoVariant::parse("340.webp").unwrap();
        assert_eq!((v.width, v.format), (340, PhotoFormat::WebP));
        assert_eq!(PhotoVariant::parse("1280.jpg").unwrap().file_name(), "1280.jpg");
        for bad in ["341.webp", "340.png", "340", "webp", "-340.jpg", "340.jpg.exe", ""] {
            assert!(PhotoVariant::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn scaling_keeps_aspect_and_never_upscales() {
        let photo = Photo { key: PhotoKey::from_digest(&[1; 16]), width: 1000, height: 800 };
        assert_eq!(photo.scaled_height(340), 272);
        assert_eq!(photo.scaled_height(1280), 800);
        let srcset = photo.srcset(PhotoFormat::Jpeg);
        assert!(srcset.ends_with("/1280.jpg 1000w"), "{srcset}");
        assert!(srcset.starts_with(&format!("/media/{}/170.jpg 170w", photo.key)));
    }
}
