//! Counting a search's results: how many, per category, per material and
//! per town — in one pass, one collector.
//!
//! Every result is counted, and counted by its (leaf) category, read from a
//! dense fast field; the taxonomy then adds leaves up to the level shown.
//! Reading two more columns (materials, town) for every result was a third
//! of the cost of a broad search on a million listings, whichever way it was
//! done (tantivy's facet collector, its term aggregation, or this collector;
//! measured in BENCHMARKS.md). So those counts stop after [`SAMPLE`] results
//! per segment: below that they are exact, above it they rank the values by
//! how often they appear among the first results, which is what the filter
//! links need, and the numbers are not shown. Each material and town is
//! stored as a 64-bit code (a hash of its folded form), and only the dozen
//! values shown are turned back into words.

use rustc_hash::FxHashMap;
use std::sync::{Arc, Mutex, PoisonError};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::index::SegmentId;
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

/// The fast-field columns a search reads, per segment, opened once.
///
/// Opening a column deserialises its block index (thousands of blocks for a
/// million-document segment); done on every search it was a quarter of all
/// search time. Segments never change once written, so their columns are
/// kept until the segment leaves the index.
#[derive(Debug, Default)]
pub(crate) struct ColumnCache {
    segments: Mutex<FxHashMap<SegmentId, Arc<SegmentColumns>>>,
}

pub(crate) struct SegmentColumns {
    pub(crate) id: Column<u64>,
    categories: Column<u64>,
    materials: Column<u64>,
    towns: Column<u64>,
}

impl std::fmt::Debug for SegmentColumns {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SegmentColumns")
    }
}

impl ColumnCache {
    pub(crate) fn of(&self, segment: &SegmentReader) -> tantivy::Result<Arc<SegmentColumns>> {
        let id = segment.segment_id();
        if let Some(columns) = self.segments.lock().unwrap_or_else(PoisonError::into_inner).get(&id) {
            return Ok(columns.clone());
        }
        let fast = segment.fast_fields();
        let columns = Arc::new(SegmentColumns {
            id: fast.u64("id")?,
            categories: fast.u64("category_id")?,
            materials: fast.u64("material_codes")?,
            towns: fast.u64("location_code")?,
        });
        self.segments.lock().unwrap_or_else(PoisonError::into_inner).insert(id, columns.clone());
        Ok(columns)
    }

    /// Forgets segments `searcher` no longer has (merged away or deleted).
    pub(crate) fn keep_only(&self, searcher: &Searcher) {
        let mut segments = self.segments.lock().unwrap_or_else(PoisonError::into_inner);
        if segments.len() > searcher.segment_readers().len() {
            let live: Vec<SegmentId> = searcher.segment_readers().iter().map(SegmentReader::segment_id).collect();
            segments.retain(|id, _| live.contains(id));
        }
    }
}

/// A stable code for a folded keyword: FNV-1a, so that codes written by one
/// version of echoppe read the same in the next (std's hasher promises no
/// such thing).
pub(crate) fn code(folded: &str) -> u64 {
    folded.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3))
}

/// Results looked at per segment.
pub(crate) const SAMPLE: u64 = 1_000;

/// Counts the results, their categories, materials and towns.
pub(crate) struct FacetCounter<'a>(pub(crate) &'a ColumnCache);

/// What [`FacetCounter`] counted.
#[derive(Debug, Default)]
pub(crate) struct Counts {
    pub(crate) total: u64,
    /// Results per leaf category id.
    pub(crate) categories: FxHashMap<u64, u64>,
    /// Per material and town code, among the sampled results.
    pub(crate) materials: FxHashMap<u64, u64>,
    pub(crate) towns: FxHashMap<u64, u64>,
    /// Whether the material and town counts cover every result.
    pub(crate) exact: bool,
}

impl Collector for FacetCounter<'_> {
    type Fruit = Counts;
    type Child = SegmentCounts;

    fn for_segment(&self, _: SegmentOrdinal, segment: &SegmentReader) -> tantivy::Result<SegmentCounts> {
        Ok(SegmentCounts { columns: self.0.of(segment)?, seen: 0, counts: Counts { exact: true, ..Counts::default() } })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<Counts>) -> tantivy::Result<Counts> {
        let mut total = Counts { exact: true, ..Counts::default() };
        for segment in segments {
            total.exact &= segment.exact;
            total.total += segment.total;
            for (code, n) in segment.categories {
                *total.categories.entry(code).or_default() += n;
            }
            for (code, n) in segment.materials {
                *total.materials.entry(code).or_default() += n;
            }
            for (code, n) in segment.towns {
                *total.towns.entry(code).or_default() += n;
            }
        }
        Ok(total)
    }
}

pub(crate) struct SegmentCounts {
    columns: Arc<SegmentColumns>,
    seen: u64,
    counts: Counts,
}

impl SegmentCollector for SegmentCounts {
    type Fruit = Counts;

    fn collect(&mut self, doc: DocId, _: Score) {
        self.counts.total += 1;
        let columns = &*self.columns;
        if let Some(leaf) = columns.categories.first(doc) {
            *self.counts.categories.entry(leaf).or_default() += 1;
        }
        if self.seen == SAMPLE {
            self.counts.exact = false;
            return;
        }
        self.seen += 1;
        for code in columns.materials.values_for_doc(doc) {
            *self.counts.materials.entry(code).or_default() += 1;
        }
        if let Some(code) = columns.towns.first(doc) {
            *self.counts.towns.entry(code).or_default() += 1;
        }
    }

    fn harvest(self) -> Counts {
        self.counts
    }
}

/// The `limit` most frequent codes, most frequent first (ties by code, so
/// the order is stable).
pub(crate) fn top(counts: &FxHashMap<u64, u64>, limit: usize) -> Vec<(u64, u64)> {
    let mut ranked: Vec<(u64, u64)> = counts.iter().map(|(&code, &n)| (code, n)).collect();
    ranked.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked.truncate(limit);
    ranked
}
