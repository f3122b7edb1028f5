//! The pool of painted product photos, made once per seed run and shared
//! between listings, as content-addressed storage shares identical uploads.

use crate::painter::{Motif, paint};
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

impl PhotoPool {
    /// Paints `plan.photo_pool` products, spread evenly over the motifs, each in
    /// up to `plan.photos_per_listing` shots, and stores them. Painting runs on
    /// every core; the result does not depend on which task finishes first.
    pub async fn paint(plan: &SeedPlan, store: &PhotoStore, progress: &ProgressBar) -> Result<Self, SeedError> {
        let shots = plan.photos_per_listing.clamp(1, MAX_SHOTS);
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        let permits = Arc::new(Semaphore::new(cores));
        let mut tasks = Vec::new();
        for index in 0..plan.photo_pool {
            let motif = Motif::ALL[index as usize % Motif::ALL.len()];
            let product = plan.seed ^ (u64::from(index) + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
            let width = plan.photo_width;
            // Product photos come landscape, square and portrait.
            let height = match index % 3 {
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

    /// The products painted for `motif`, or every product when that motif has
    /// none (a pool smaller than the number of motifs).
    pub(crate) fn products(&self, motif: Motif) -> Vec<&[Photo]> {
        match self.by_motif.get(&motif).filter(|products| !products.is_empty()) {
            Some(products) => products.iter().map(Vec::as_slice).collect(),
            // In motif order, not HashMap order: the catalogue must not vary.
            None => Motif::ALL
                .iter()
                .filter_map(|m| self.by_motif.get(m))
                .flat_map(|products| products.iter().map(Vec::as_slice))
                .collect(),
        }
    }
}

fn encode(image: &image::RgbImage) -> Result<Bytes, SeedError> {
    Ok(Bytes::from(echoppe_media::encode_jpeg(image.as_raw(), image.width(), image.height(), JPEG_QUALITY)?))
}
