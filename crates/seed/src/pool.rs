//! The pool of painted product photos, made once per seed run and shared
//! between listings, as content-addressed storage shares identical uploads.

use crate::motif::Motif;
use crate::painter::paint;
use crate::{SeedError, SeedPlan};
use bytes::Bytes;
use echoppe_domain::Photo;
use echoppe_media::PhotoStore;
use indicatif::ProgressBar;
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::Semaphore;

/// The most shots painted of one product (and so the most photos a generated
/// listing has).
pub const MAX_SHOTS: u32 = 4;

/// The quality a maker's camera export would have.
const JPEG_QUALITY: u8 = 85;

/// Painted products by motif; each product is its list of shots.
#[derive(Debug, Clone, Default)]
pub struct PhotoPool {
    by_motif: HashMap<Motif, Vec<Vec<Photo>>>,
}

/// How many products to paint of each motif (indexed by `motif as usize`), given how many
/// listings each pictures (`demand`): one for every motif some listing needs, even past `pool`,
/// so that no listing shows something other than its title; then the rest of `pool` shared out
/// in proportion to the listings (D'Hondt's method), never more products than listings.
pub(crate) fn share_out(pool: u32, demand: &[u32]) -> Vec<u32> {
    let mut products: Vec<u32> = demand.iter().map(|&listings| u32::from(listings > 0)).collect();
    let mut total: u32 = products.iter().sum();
    while total < pool {
        // The motif with the most listings per product once given one more; the first on ties.
        let next = (0..demand.len()).filter(|&i| products[i] < demand[i]).max_by(|&a, &b| {
            let a_share = u64::from(demand[a]) * u64::from(products[b] + 1);
            let b_share = u64::from(demand[b]) * u64::from(products[a] + 1);
            a_share.cmp(&b_share).then(b.cmp(&a))
        });
        let Some(next) = next else { break };
        products[next] += 1;
        total += 1;
    }
    products
}

impl PhotoPool {
    /// Paints `products[motif as usize]` products of each motif (see [`share_out`]), each in
    /// up to `plan.photos_per_listing` shots, and stores them. Painting runs on every core; the
    /// result does not depend on which task finishes first.
    pub async fn paint(
        plan: &SeedPlan,
        products: &[u32],
        store: &PhotoStore,
        progress: &ProgressBar,
    ) -> Result<Self, SeedError> {
        let shots = plan.photos_per_listing.clamp(1, MAX_SHOTS);
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        let permits = Arc::new(Semaphore::new(cores));
        let mut tasks = Vec::new();
        for (&motif, &count) in Motif::ALL.iter().zip(products) {
            for k in 0..count {
                // A motif's k-th product is the same whatever the other motifs get.
                let product =
                    plan.seed ^ ((motif as u64 + 1) << 32 | (u64::from(k) + 1)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
                let width = plan.photo_width;
                // Product photos come landscape, square and portrait.
                let height = match (k + motif as u32) % 3 {
                    0 => width * 3 / 4,
                    1 => width,
                    _ => width * 5 / 4,
                };
                for shot in 0..shots {
                    let permits = permits.clone();
                    tasks.push(tokio::spawn(async move {
                        let _permit = permits.acquire_owned().await.map_err(|e| SeedError::Task(e.to_string()))?;
                        let bytes =
                            tokio::task::spawn_blocking(move || encode(&paint(motif, product, shot, width, height)))
                                .await
                                .map_err(|e| SeedError::Task(e.to_string()))??;
                        Ok::<_, SeedError>((motif, shot, bytes))
                    }));
                }
            }
        }
        let mut pool = Self::default();
        let mut product = Vec::new();
        for task in tasks {
            let (motif, shot, bytes) = task.await.map_err(|e| SeedError::Task(e.to_string()))??;
            product.push(store.ingest(bytes).await?);
            progress.inc(1);
            if shot + 1 == shots {
                pool.by_motif.entry(motif).or_default().push(std::mem::take(&mut product));
            }
        }
        Ok(pool)
    }

    /// A pool of ready-made products, for tests that need no pixels.
    #[cfg(test)]
    pub(crate) fn with_products(products: impl IntoIterator<Item = (Motif, Vec<Vec<Photo>>)>) -> Self {
        Self { by_motif: products.into_iter().collect() }
    }

    /// The products painted for `motif`: none when the pool was not painted for this
    /// catalogue, and then the listing goes without a photo rather than show something else.
    pub(crate) fn products(&self, motif: Motif) -> Vec<&[Photo]> {
        self.by_motif.get(&motif).map(|products| products.iter().map(Vec::as_slice).collect()).unwrap_or_default()
    }
}

fn encode(image: &image::RgbImage) -> Result<Bytes, SeedError> {
    Ok(Bytes::from(echoppe_media::encode_jpeg(image.as_raw(), image.width(), image.height(), JPEG_QUALITY)?))
}

#[cfg(test)]
mod tests {
    use super::share_out;

    #[test]
    fn every_needed_motif_gets_a_product_and_the_rest_follows_the_listings() {
        assert_eq!(share_out(3, &[10, 0, 1, 5]), vec![1, 0, 1, 1], "past a pool too small, none left out");
        assert_eq!(share_out(10, &[60, 0, 1, 30]), vec![6, 0, 1, 3]);
        assert_eq!(share_out(100, &[2, 0, 1, 3]), vec![2, 0, 1, 3], "never more products than listings");
        assert_eq!(share_out(5, &[4, 4, 4]), vec![2, 2, 1], "ties go to the first");
    }
}
