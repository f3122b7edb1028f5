//! The pool of generated photos, painted once per seed run.

use crate::painter::{Subject, paint};
use crate::{SeedError, SeedPlan};
use bytes::Bytes;
use echoppe_domain::Photo;
use echoppe_media::PhotoStore;
use image::ImageEncoder;
use image::codecs::jpeg::JpegEncoder;
use indicatif::ProgressBar;
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::Semaphore;

/// Photos per visual subject (one subject per top-level category).
#[derive(Debug, Clone, Default)]
pub struct PhotoPool {
    by_subject: HashMap<Subject, Vec<Photo>>,
}

/// The quality a maker's camera export would have.
const JPEG_QUALITY: u8 = 85;

impl PhotoPool {
    /// Paints `plan.photo_pool` photos, spread evenly over the subjects, and
    /// stores them. Painting runs on every core; the order of the result does
    /// not depend on which finishes first.
    pub async fn paint(plan: &SeedPlan, store: &PhotoStore, progress: &ProgressBar) -> Result<Self, SeedError> {
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        let permits = Arc::new(Semaphore::new(cores));
        let mut tasks = Vec::new();
        for index in 0..plan.photo_pool {
            let subject = Subject::ALL[index as usize % Subject::ALL.len()];
            let seed = plan.seed ^ (u64::from(index) + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
            let width = plan.photo_width;
            // Product photos come square, landscape and portrait.
            let height = match index % 3 {
                0 => width * 3 / 4,
                1 => width,
                _ => width * 5 / 4,
            };
            let permits = permits.clone();
            tasks.push(tokio::spawn(async move {
                let _permit = permits.acquire_owned().await.map_err(|e| SeedError::Task(e.to_string()))?;
                let bytes = tokio::task::spawn_blocking(move || encode(&paint(subject, seed, width, height)))
                    .await
                    .map_err(|e| SeedError::Task(e.to_string()))??;
                Ok::<_, SeedError>((subject, bytes))
            }));
        }
        let mut pool = Self::default();
        for task in tasks {
            let (subject, bytes) = task.await.map_err(|e| SeedError::Task(e.to_string()))??;
            let photo = store.ingest(bytes).await?;
            pool.by_subject.entry(subject).or_default().push(photo);
            progress.inc(1);
        }
        Ok(pool)
    }

    /// The photos of a subject, or every photo when the subject has none (a pool
    /// smaller than the number of subjects).
    pub(crate) fn for_subject(&self, subject: Option<Subject>) -> Vec<&Photo> {
        match subject.and_then(|s| self.by_subject.get(&s)).filter(|photos| !photos.is_empty()) {
            Some(photos) => photos.iter().collect(),
            None => {
                let mut all: Vec<(&Subject, &Vec<Photo>)> = self.by_subject.iter().collect();
                // HashMap order is random; the catalogue must not be.
                all.sort_by_key(|(subject, _)| Subject::ALL.iter().position(|s| s == *subject));
                all.into_iter().flat_map(|(_, photos)| photos.iter()).collect()
            }
        }
    }
}

fn encode(image: &image::RgbImage) -> Result<Bytes, SeedError> {
    let mut out = Vec::with_capacity(256 * 1024);
    JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
        .write_image(image.as_raw(), image.width(), image.height(), image::ExtendedColorType::Rgb8)
        .map_err(|e| SeedError::Task(format!("encoding a photo: {e}")))?;
    Ok(Bytes::from(out))
}
