//! Counting materials and towns among a search's results.
//!
//! Reading two more columns for every result was a third of the cost of a
//! broad search on a million listings, whichever way it was done (tantivy's
//! facet collector, its term aggregation, or this collector; measured in
//! BENCHMARKS.md). So these counts stop after [`SAMPLE`] results per
//! segment: below that they are exact, above it they rank the values by how
//! often they appear among the first results, which is what the filter
//! links need, and the counts are not shown. Each value is stored as a
//! 64-bit code (a hash of its folded form) in a fast field, and only the
//! dozen values shown are turned back into words.

use rustc_hash::FxHashMap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// A stable code for a folded keyword: FNV-1a, so that codes written by one
/// version of echoppe read the same in the next (std's hasher promises no
/// such thing).
pub(crate) fn code(folded: &str) -> u64 {
    folded.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3))
}

/// Results looked at per segment.
pub(crate) const SAMPLE: u64 = 1_000;

/// Counts the codes of two fast fields (materials and town) over the results.
pub(crate) struct KeywordCounts;

/// Occurrences per code, for materials and for towns, and whether every
/// result was counted.
#[derive(Debug, Default)]
pub(crate) struct Counts {
    pub(crate) materials: FxHashMap<u64, u64>,
    pub(crate) towns: FxHashMap<u64, u64>,
    pub(crate) exact: bool,
}

impl Collector for KeywordCounts {
    type Fruit = Counts;
    type Child = SegmentCounts;

    fn for_segment(&self, _: SegmentOrdinal, segment: &SegmentReader) -> tantivy::Result<SegmentCounts> {
        let fast = segment.fast_fields();
        Ok(SegmentCounts {
            materials: fast.u64("material_codes")?,
            towns: fast.u64("location_code")?,
            seen: 0,
            counts: Counts { exact: true, ..Counts::default() },
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<Counts>) -> tantivy::Result<Counts> {
        let mut total = Counts { exact: true, ..Counts::default() };
        for segment in segments {
            total.exact &= segment.exact;
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
    materials: Column<u64>,
    towns: Column<u64>,
    seen: u64,
    counts: Counts,
}

impl SegmentCollector for SegmentCounts {
    type Fruit = Counts;

    fn collect(&mut self, doc: DocId, _: Score) {
        if self.seen == SAMPLE {
            self.counts.exact = false;
            return;
        }
        self.seen += 1;
        for code in self.materials.values_for_doc(doc) {
            *self.counts.materials.entry(code).or_default() += 1;
        }
        if let Some(code) = self.towns.first(doc) {
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
