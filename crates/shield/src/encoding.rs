//! Content codings: which one a client takes, and the compressed bodies a
//! cached page keeps so that a hit costs no compression.

use bytes::Bytes;
use std::io::Write as _;

/// The codings a cached page is kept in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Coding {
    Identity,
    Gzip,
    Brotli,
}

impl Coding {
    pub(crate) fn header(self) -> Option<&'static str> {
        match self {
            Self::Identity => None,
            Self::Gzip => Some("gzip"),
            Self::Brotli => Some("br"),
        }
    }
}

/// The longest `Accept-Encoding` read; browsers send a few dozen bytes.
const MAX_ACCEPT_ENCODING: usize = 256;

/// The best coding `accept` (an `Accept-Encoding` value) allows: brotli,
/// then gzip, else none. Anything unreadable or oversized means none.
pub(crate) fn negotiate(accept: Option<&str>) -> Coding {
    let Some(accept) = accept.filter(|a| a.len() <= MAX_ACCEPT_ENCODING) else { return Coding::Identity };
    let mut brotli = None;
    let mut gzip = None;
    let mut any = None;
    for item in accept.split(',') {
        let mut parts = item.split(';');
        let name = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
        let quality = parts
            .find_map(|p| p.trim().strip_prefix("q=").map(|q| q.trim().parse::<f32>().unwrap_or(0.0)))
            .unwrap_or(1.0);
        match name.as_str() {
            "br" => brotli = Some(quality),
            "gzip" | "x-gzip" => gzip = Some(quality),
            "*" => any = Some(quality),
            _ => {}
        }
    }
    let accepted = |q: Option<f32>| q.or(any).is_some_and(|q| q > 0.0);
    if accepted(brotli) {
        Coding::Brotli
    } else if accepted(gzip) {
        Coding::Gzip
    } else {
        Coding::Identity
    }
}

/// `body` gzipped (level 6, as most servers do).
pub(crate) fn gzip(body: &[u8]) -> Bytes {
    let mut encoder = flate2::write::GzEncoder::new(Vec::with_capacity(body.len() / 4), flate2::Compression::new(6));
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(body);
    encoder.finish().map(Bytes::from).unwrap_or_default()
}

/// `body` in brotli, at a quality that compresses a page in about a
/// millisecond (the top qualities take a hundred times longer for a few
/// percent).
pub(crate) fn brotli(body: &[u8]) -> Bytes {
    let mut out = Vec::with_capacity(body.len() / 4);
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 5, 22);
        let _ = writer.write_all(body);
    }
    Bytes::from(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read as _;

    #[test]
    fn the_best_accepted_coding_wins() {
        assert_eq!(negotiate(Some("gzip, deflate, br, zstd")), Coding::Brotli);
        assert_eq!(negotiate(Some("gzip")), Coding::Gzip);
        assert_eq!(negotiate(Some("br;q=0, gzip;q=0.5")), Coding::Gzip);
        assert_eq!(negotiate(Some("*")), Coding::Brotli);
        assert_eq!(negotiate(Some("*;q=0, identity")), Coding::Identity);
        assert_eq!(negotiate(None), Coding::Identity);
        for hostile in ["", ";;;;", "br;q=abc", "\u{0}", &"gzip,".repeat(100)] {
            let coding = negotiate(Some(hostile));
            assert!(matches!(coding, Coding::Identity | Coding::Gzip), "{hostile:?}: {coding:?}");
        }
    }

    #[test]
    fn compressed_bodies_read_back() {
        let page = "<p>Bague en argent</p>".repeat(200);
        let mut unzipped = String::new();
        flate2::read::GzDecoder::new(&gzip(page.as_bytes())[..]).read_to_string(&mut unzipped).unwrap();
        assert_eq!(unzipped, page);
        let mut unbrotlied = String::new();
        brotli::Decompressor::new(&brotli(page.as_bytes())[..], 4096).read_to_string(&mut unbrotlied).unwrap();
        assert_eq!(unbrotlied, page);
        assert!(brotli(page.as_bytes()).len() < page.len() / 10);
    }
}
