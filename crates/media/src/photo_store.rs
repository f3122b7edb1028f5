//! Where photos live, and how a variant is found or made.

use crate::MediaError;
use crate::variant::render_variant;
use bytes::Bytes;
use echoppe_domain::{Photo, PhotoKey, PhotoVariant};
use futures_util::StreamExt as _;
use moka::future::Cache;
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path as ObjectPath;
use object_store::prefix::PrefixStore;
use object_store::{ClientOptions, ObjectStore, ObjectStoreExt, PutMode, PutOptions, PutPayload};
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

#[derive(Debug, Clone)]
pub struct PhotoStoreSettings {
    /// The directory of the local store.
    pub dir: PathBuf,
    /// Memory given to recently served variants.
    pub cache_bytes: u64,
}

/// An S3-compatible store's settings beyond its URL; each left `None`
/// falls back to the usual AWS variable.
#[derive(Clone, Default)]
pub struct S3Settings {
    /// The server, when not AWS.
    pub endpoint: Option<String>,
    pub region: Option<String>,
    /// Access key id and secret.
    pub credentials: Option<(String, String)>,
}

impl std::fmt::Debug for S3Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Settings")
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("credentials", &self.credentials.as_ref().map(|(key, _)| (key, "***")))
            .finish()
    }
}

/// Photos, content-addressed, with their variants. Cheap to clone.
#[derive(Clone)]
pub struct PhotoStore {
    objects: Arc<dyn ObjectStore>,
    variants: Cache<(PhotoKey, PhotoVariant), Bytes>,
    /// Decoding and resizing are CPU-bound: running more at once than there are
    /// cores only makes each slower and starves the threads answering requests.
    /// Variant renders and uploads share these permits, which also bounds the
    /// memory held by decoded images.
    renderers: Arc<Semaphore>,
}

impl std::fmt::Debug for PhotoStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PhotoStore").field("objects", &self.objects.to_string()).finish_non_exhaustive()
    }
}

/// How [`PhotoStore::variant`] answered, for metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VariantSource {
    Memory,
    Stored,
    Rendered,
}

impl PhotoStore {
    /// A store over a local directory, created if missing.
    pub fn local(settings: &PhotoStoreSettings) -> Result<Self, MediaError> {
        let directory_error = |source| MediaError::Directory { path: settings.dir.display().to_string(), source };
        std::fs::create_dir_all(&settings.dir).map_err(directory_error)?;
        let objects = LocalFileSystem::new_with_prefix(&settings.dir)?;
        Ok(Self::over(Arc::new(objects), settings.cache_bytes))
    }

    /// A store in an S3 bucket (`s3://bucket/prefix`), which every node of a
    /// cluster shares. Credentials and region come from the usual AWS
    /// variables (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
    /// `AWS_REGION`); `endpoint` names an S3-compatible server other than
    /// AWS (plain `http://` allowed there: a server on the private network).
    /// The bucket is listed once before anything is served, so a bucket that
    /// does not exist, wrong credentials or an unreachable server stop the
    /// start with what was wrong, and nothing is written.
    pub async fn s3(url: &str, remote: &S3Settings, cache_bytes: u64) -> Result<Self, MediaError> {
        let refused = |why: String| MediaError::Remote { url: url.to_owned(), why };
        let rest = url.strip_prefix("s3://").ok_or_else(|| refused("the URL must start with s3://".to_owned()))?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() {
            return Err(refused("the URL names no bucket".to_owned()));
        }
        // With two TLS providers compiled in (see the workspace's Cargo.toml),
        // the S3 client's HTTPS needs the process's default named; ring, as
        // the database's. Already named (a second store, or a test): kept.
        let _ = rustls::crypto::ring::default_provider().install_default();
        // Plain HTTP only to a server named by its endpoint (a private
        // network); AWS itself always over HTTPS. Set in the client's
        // options, which replace the builder's own.
        let plain_http = remote.endpoint.as_deref().is_some_and(|endpoint| endpoint.starts_with("http://"));
        let client = ClientOptions::new()
            .with_allow_http(plain_http)
            .with_connect_timeout(Duration::from_secs(5))
            .with_timeout(Duration::from_secs(30));
        let mut builder = AmazonS3Builder::from_env().with_bucket_name(bucket).with_client_options(client);
        if let Some(endpoint) = &remote.endpoint {
            builder = builder.with_endpoint(endpoint);
        }
        if let Some(region) = &remote.region {
            builder = builder.with_region(region);
        }
        if let Some((key, secret)) = &remote.credentials {
            builder = builder.with_access_key_id(key).with_secret_access_key(secret);
        }
        let objects = builder.build().map_err(|e| refused(e.to_string()))?;
        let objects: Arc<dyn ObjectStore> = match prefix.trim_matches('/') {
            "" => Arc::new(objects),
            prefix => Arc::new(PrefixStore::new(objects, prefix)),
        };
        objects.list_with_delimiter(None).await.map_err(|e| refused(e.to_string()))?;
        Ok(Self::over(objects, cache_bytes))
    }

    /// A store over any object store.
    pub fn over(objects: Arc<dyn ObjectStore>, cache_bytes: u64) -> Self {
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        Self {
            objects,
            variants: Cache::builder()
                .weigher(|_, bytes: &Bytes| u32::try_from(bytes.len()).unwrap_or(u32::MAX))
                .max_capacity(cache_bytes)
                .build(),
            renderers: Arc::new(Semaphore::new(cores)),
        }
    }

    /// Entries and bytes held by the in-memory variant cache, for `/metrics`.
    pub fn cache_usage(&self) -> (u64, u64) {
        (self.variants.entry_count(), self.variants.weighted_size())
    }

    /// Stores an original as it is and returns its description. Storing the same
    /// bytes again is a no-op that returns the same key.
    pub async fn ingest(&self, bytes: Bytes) -> Result<Photo, MediaError> {
        match image::guess_format(&bytes) {
            Ok(image::ImageFormat::Jpeg | image::ImageFormat::Png | image::ImageFormat::WebP) => {}
            _ => return Err(MediaError::UnsupportedFormat),
        }
        let (width, height) = image::ImageReader::new(std::io::Cursor::new(&bytes))
            .with_guessed_format()
            .map_err(|e| MediaError::Unreadable(e.to_string()))?
            .into_dimensions()
            .map_err(|e| MediaError::Unreadable(e.to_string()))?;
        let key = self.put_original(bytes).await?;
        Ok(Photo { key, width, height })
    }

    /// Stores the bytes of an original under their content address.
    pub(crate) async fn put_original(&self, bytes: Bytes) -> Result<PhotoKey, MediaError> {
        let key = PhotoKey::from_digest(&Sha256::digest(&bytes));
        self.put_once(&original_path(&key), bytes).await?;
        Ok(key)
    }

    /// A turn at decoding or resizing, to be held for the whole CPU-bound job.
    pub(crate) async fn renderer_permit(&self) -> Result<OwnedSemaphorePermit, MediaError> {
        self.renderers
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| MediaError::Encode("the renderer pool is closed".into()))
    }

    /// The bytes of one variant, rendered on first request. `None` when no
    /// original has this key.
    pub async fn variant(
        &self,
        key: &PhotoKey,
        variant: PhotoVariant,
    ) -> Result<Option<(Bytes, VariantSource)>, MediaError> {
        if let Some(bytes) = self.variants.get(&(key.clone(), variant)).await {
            return Ok(Some((bytes, VariantSource::Memory)));
        }
        let mut source = VariantSource::Memory;
        // Concurrent misses of one variant wait for a single load or render.
        let loaded = self
            .variants
            .try_get_with((key.clone(), variant), async {
                let (bytes, how) = self.load_or_render(key, variant).await?;
                source = how;
                Ok::<_, LoadError>(bytes)
            })
            .await;
        match loaded {
            Ok(bytes) => Ok(Some((bytes, source))),
            // The error is shared by every request that waited on this load.
            Err(error) => match &*error {
                LoadError::Missing => Ok(None),
                LoadError::Media(error) => Err(MediaError::Variant(error.to_string())),
            },
        }
    }

    /// The bytes of one variant if it was made already (in memory or in the
    /// store), never rendering it: the web layer serves these at once and
    /// lets only renders queue for the cores (and none in surge mode).
    /// `None` when it was not made (or no original has this key).
    pub async fn made_variant(&self, key: &PhotoKey, variant: PhotoVariant) -> Result<Option<Bytes>, MediaError> {
        if let Some(bytes) = self.variants.get(&(key.clone(), variant)).await {
            return Ok(Some(bytes));
        }
        match self.objects.get(&variant_path(key, variant)).await {
            Ok(stored) => {
                let bytes = stored.bytes().await?;
                self.variants.insert((key.clone(), variant), bytes.clone()).await;
                Ok(Some(bytes))
            }
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(error) => Err(error.into()),
        }
    }

    async fn load_or_render(&self, key: &PhotoKey, variant: PhotoVariant) -> Result<(Bytes, VariantSource), LoadError> {
        let path = variant_path(key, variant);
        match self.objects.get(&path).await {
            Ok(stored) => return Ok((stored.bytes().await.map_err(MediaError::from)?, VariantSource::Stored)),
            Err(object_store::Error::NotFound { .. }) => {}
            Err(error) => return Err(MediaError::from(error).into()),
        }
        let original = match self.objects.get(&original_path(key)).await {
            Ok(original) => original.bytes().await.map_err(MediaError::from)?,
            Err(object_store::Error::NotFound { .. }) => return Err(LoadError::Missing),
            Err(error) => return Err(MediaError::from(error).into()),
        };
        let permit = self.renderer_permit().await?;
        let rendered = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            render_variant(&original, variant)
        })
        .await
        .map_err(|e| MediaError::Encode(format!("render task failed: {e}")))??;
        let rendered = Bytes::from(rendered);
        metrics::counter!("echoppe_photo_variants_rendered_total").increment(1);
        // Keeping the variant spares the next render; the visitor has it
        // either way, so a store that failed to keep it (a bucket's connection
        // dropped) is logged, not shown as a broken photo.
        if let Err(error) = self.put_once(&path, rendered.clone()).await {
            tracing::warn!(%error, path = %path, "a rendered photo variant was served but not kept; rendered again next time");
        }
        Ok((rendered, VariantSource::Rendered))
    }

    /// Writes an object unless it exists. Content-addressed objects never change,
    /// so an existing one is already right; the store writes atomically, so a
    /// crash leaves either nothing or the whole object.
    async fn put_once(&self, path: &ObjectPath, bytes: Bytes) -> Result<(), MediaError> {
        let options = PutOptions { mode: PutMode::Create, ..PutOptions::default() };
        match self.objects.put_opts(path, PutPayload::from(bytes.clone()), options).await {
            Ok(_) | Err(object_store::Error::AlreadyExists { .. }) => Ok(()),
            // An S3-compatible server without conditional writes: the same
            // bytes written again under their own hash change nothing.
            Err(object_store::Error::NotImplemented { .. } | object_store::Error::NotSupported { .. }) => {
                self.objects.put(path, PutPayload::from(bytes)).await?;
                Ok(())
            }
            Err(error) => Err(error.into()),
        }
    }
}

impl PhotoStore {
    /// Deletes originals that no listing or shop uses any more, with their
    /// variants: photos a seller removed or replaced, uploads that did not fit.
    /// `in_use` is every key the database refers to, read *before* this runs;
    /// objects younger than `grace` are kept whatever it says, since an upload
    /// stores its photo a moment before the database row that refers to it.
    /// Returns how many originals were deleted.
    pub async fn sweep_unused(&self, in_use: &HashSet<String>, grace: Duration) -> Result<usize, MediaError> {
        let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let cutoff = i64::try_from(now.saturating_sub(grace.as_secs())).unwrap_or(i64::MAX);
        let mut unused = Vec::new();
        let mut listing = self.objects.list(Some(&ObjectPath::from("originals")));
        while let Some(object) = listing.next().await.transpose()? {
            let Some(name) = object.location.filename() else { continue };
            if object.last_modified.timestamp() <= cutoff && !in_use.contains(name) {
                unused.push(PhotoKey::parse(name).ok().map(|key| (key, object.location.clone())));
            }
        }
        let mut deleted = 0;
        for (key, original) in unused.into_iter().flatten() {
            let mut variants = self.objects.list(Some(&variant_dir(&key)));
            while let Some(variant) = variants.next().await.transpose()? {
                self.objects.delete(&variant.location).await?;
            }
            for variant in PhotoVariant::all() {
                self.variants.invalidate(&(key.clone(), variant)).await;
            }
            self.objects.delete(&original).await?;
            deleted += 1;
        }
        Ok(deleted)
    }
}

#[derive(Debug)]
enum LoadError {
    Missing,
    Media(MediaError),
}

impl From<MediaError> for LoadError {
    fn from(error: MediaError) -> Self {
        Self::Media(error)
    }
}

/// `originals/ab/ab12…`: two hex digits of fan-out keep directories small on a
/// local disk and spread keys across S3 partitions.
fn original_path(key: &PhotoKey) -> ObjectPath {
    ObjectPath::from(format!("originals/{}/{key}", &key.as_str()[..2]))
}

fn variant_path(key: &PhotoKey, variant: PhotoVariant) -> ObjectPath {
    ObjectPath::from(format!("variants/{}/{key}/{}", &key.as_str()[..2], variant.file_name()))
}

fn variant_dir(key: &PhotoKey) -> ObjectPath {
    ObjectPath::from(format!("variants/{}/{key}", &key.as_str()[..2]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use echoppe_domain::PhotoFormat;
    use image::{ImageFormat, Rgb, RgbImage};

    fn store(dir: &std::path::Path) -> PhotoStore {
        PhotoStore::local(&PhotoStoreSettings { dir: dir.to_path_buf(), cache_bytes: 8 << 20 }).unwrap()
    }

    fn jpeg(seed: u8) -> Bytes {
        let image = RgbImage::from_fn(800, 600, |x, y| {
            Rgb([seed, u8::try_from(x % 200).unwrap(), u8::try_from(y % 200).unwrap()])
        });
        let mut out = std::io::Cursor::new(Vec::new());
        image.write_to(&mut out, ImageFormat::Jpeg).unwrap();
        Bytes::from(out.into_inner())
    }

    #[tokio::test]
    async fn ingest_is_content_addressed() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(dir.path());
        let a = store.ingest(jpeg(1)).await.unwrap();
        let again = store.ingest(jpeg(1)).await.unwrap();
        let b = store.ingest(jpeg(2)).await.unwrap();
        assert_eq!(a, again);
        assert_ne!(a.key, b.key);
        assert_eq!((a.width, a.height), (800, 600));
        assert!(dir.path().join(format!("originals/{}/{}", &a.key.as_str()[..2], a.key)).is_file());
    }

    #[tokio::test]
    async fn refuses_what_is_not_a_photo() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(dir.path());
        let err = store.ingest(Bytes::from_static(b"%PDF-1.7 not a photo")).await.unwrap_err();
        assert!(matches!(err, MediaError::UnsupportedFormat), "{err:?}");
    }

    #[tokio::test]
    async fn variants_are_rendered_once_then_served_from_memory_or_disk() {
        let dir = tempfile::tempdir().unwrap();
        let photo = store(dir.path()).ingest(jpeg(3)).await.unwrap();
        let variant = PhotoVariant { width: 340, format: PhotoFormat::WebP };

        let first = store(dir.path());
        let (bytes, source) = first.variant(&photo.key, variant).await.unwrap().unwrap();
        assert_eq!(source, VariantSource::Rendered);
        assert_eq!(first.variant(&photo.key, variant).await.unwrap().unwrap().1, VariantSource::Memory);

        // A new process finds it on disk.
        let second = store(dir.path());
        let (again, source) = second.variant(&photo.key, variant).await.unwrap().unwrap();
        assert_eq!(source, VariantSource::Stored);
        assert_eq!(bytes, again);
    }

    #[tokio::test]
    async fn concurrent_misses_render_once() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(dir.path());
        let photo = store.ingest(jpeg(4)).await.unwrap();
        let variant = PhotoVariant { width: 680, format: PhotoFormat::Jpeg };
        let requests = (0..16).map(|_| store.variant(&photo.key, variant));
        // Polling them together is what makes the misses concurrent.
        let results = futures_util::future::join_all(requests).await;
        let rendered = results.iter().filter(|r| matches!(r, Ok(Some((_, VariantSource::Rendered))))).count();
        assert_eq!(rendered, 1, "one render for sixteen simultaneous requests");
        assert!(results.iter().all(|r| matches!(r, Ok(Some(_)))));
    }

    #[tokio::test]
    async fn sweeping_deletes_only_unused_photos_past_their_grace() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(dir.path());
        let kept = store.ingest(jpeg(5)).await.unwrap();
        let dropped = store.ingest(jpeg(6)).await.unwrap();
        let variant = PhotoVariant { width: 170, format: PhotoFormat::Jpeg };
        store.variant(&dropped.key, variant).await.unwrap().unwrap();
        let in_use = HashSet::from([kept.key.to_string()]);

        assert_eq!(store.sweep_unused(&in_use, Duration::from_secs(3600)).await.unwrap(), 0, "too young");
        assert_eq!(store.sweep_unused(&in_use, Duration::ZERO).await.unwrap(), 1);
        assert!(store.variant(&dropped.key, variant).await.unwrap().is_none(), "its variants went too");
        assert!(store.variant(&kept.key, variant).await.unwrap().is_some());
        assert!(
            !dir.path()
                .join(format!("variants/{}/{}", &dropped.key.as_str()[..2], dropped.key))
                .join("170.jpg")
                .exists()
        );
    }

    #[tokio::test]
    async fn unknown_keys_are_none() {
        let dir = tempfile::tempdir().unwrap();
        let key = PhotoKey::from_digest(&[9; 16]);
        let variant = PhotoVariant { width: 170, format: PhotoFormat::Jpeg };
        assert!(store(dir.path()).variant(&key, variant).await.unwrap().is_none());
    }
}
