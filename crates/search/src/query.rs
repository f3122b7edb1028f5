//! A buyer's search, turned into an index query, and its results.
//!
//! Every word must match somewhere (title, tags, then category, materials or
//! shop name, weighted in that order; the description when none of those
//! match). Words of five letters or
//! more also match with one typo, nine or more with two; a typo match scores
//! well below an exact one. Filters (category subtree, price, materials,
//! town) narrow without scoring; facets count what the current results hold.

use crate::analysis::{folding, french, words};
use crate::document::{SHOWN, town_of};
use crate::facets::{self, FacetCounter};
use crate::index::SearchIndex;
use crate::schema::Fields;
use crate::{SearchError, suggest};
use echoppe_domain::{CategoryId, ListingId, Taxonomy, capitalised};
use rustc_hash::FxHashMap;
use std::ops::Bound;
use tantivy::collector::TopDocs;
use tantivy::collector::sort_key::{SortBySimilarityScore, SortByStaticFastValue};
use tantivy::query::{AllQuery, BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::{Facet, Field, IndexRecordOption};
use tantivy::{DocAddress, Order, Searcher, Term};

/// Queries are cut here: nobody types more, and each word costs a clause.
pub const MAX_QUERY_CHARS: usize = 200;
/// And at most this many words are searched.
const MAX_WORDS: usize = 12;
/// A word matching this many listings exactly is not expanded to its typos.
const FUZZY_UNLESS_EXACT: u64 = 500;
/// The most facet values shown per facet.
const FACET_VALUES: usize = 12;

/// How results are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SearchSort {
    #[default]
    Relevance,
    PriceAsc,
    PriceDesc,
    Newest,
}

impl SearchSort {
    pub const ALL: [Self; 4] = [Self::Relevance, Self::PriceAsc, Self::PriceDesc, Self::Newest];

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|sort| sort.as_str() == text)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Relevance => "relevance",
            Self::PriceAsc => "price_asc",
            Self::PriceDesc => "price_desc",
            Self::Newest => "newest",
        }
    }

    pub fn label_fr(self) -> &'static str {
        match self {
            Self::Relevance => "Pertinence",
            Self::PriceAsc => "Prix croissant",
            Self::PriceDesc => "Prix décroissant",
            Self::Newest => "Nouveautés",
        }
    }
}

/// A search, normalised: two requests that mean the same are equal (and so
/// share a cache entry).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct SearchQuery {
    /// The words typed, trimmed, at most [`MAX_QUERY_CHARS`].
    pub text: String,
    pub category: Option<CategoryId>,
    pub min_price_cents: Option<i64>,
    pub max_price_cents: Option<i64>,
    /// Folded material names, sorted.
    pub materials: Vec<String>,
    /// A folded town.
    pub location: Option<String>,
    pub sort: SearchSort,
    /// Rows to skip and to return.
    pub offset: u32,
    pub limit: u32,
}

impl SearchQuery {
    /// Trims and cuts `text`; `true` when it had to be cut.
    pub fn set_text(&mut self, text: &str) -> bool {
        let cleaned: String = text.chars().filter(|c| !c.is_control()).collect::<String>().trim().to_owned();
        let cut = cleaned.chars().count() > MAX_QUERY_CHARS;
        self.text = cleaned.chars().take(MAX_QUERY_CHARS).collect::<String>().trim_end().to_owned();
        cut
    }

    /// Folds a material or a town the way the index stores them.
    pub fn keyword(value: &str) -> String {
        words(&mut folding(), value).join(" ")
    }

    pub fn town(location: &str) -> String {
        Self::keyword(town_of(location))
    }
}

/// One value of a facet and how many results have it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetCount {
    /// What to put in the URL to filter by it: a category slug, a folded material or town.
    pub value: String,
    /// What to show.
    pub label: String,
    pub count: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchResults {
    pub total: u64,
    /// The page of results, in order.
    pub ids: Vec<ListingId>,
    /// Sub-categories of the selected category (top-level ones without one).
    pub categories: Vec<FacetCount>,
    pub materials: Vec<FacetCount>,
    pub locations: Vec<FacetCount>,
    /// Whether the material and town counts cover every result; on broad
    /// searches they are counted over a sample and only their order means
    /// something.
    pub keyword_counts_exact: bool,
    /// When nothing matched: the query with its unknown words corrected.
    pub correction: Option<String>,
}

impl SearchIndex {
    /// Runs a search on a blocking thread (it is CPU work).
    pub async fn search(&self, query: SearchQuery) -> Result<SearchResults, SearchError> {
        let index = self.clone();
        let started = std::time::Instant::now();
        let results = tokio::task::spawn_blocking(move || index.search_now(&query))
            .await
            .map_err(|e| SearchError::Task(e.to_string()))??;
        metrics::histogram!("echoppe_search_seconds").record(started.elapsed().as_secs_f64());
        Ok(results)
    }

    fn search_now(&self, q: &SearchQuery) -> Result<SearchResults, SearchError> {
        let (searcher, f) = self.searcher();
        let taxonomy = self.taxonomy();
        // Descriptions are long and wordy: matching them first would make
        // every broad search scan most of the catalogue. They are searched
        // when titles, tags, categories, materials and shops find nothing.
        let mut outcome = self.execute(&searcher, f, q, false)?;
        if !q.text.is_empty() && outcome.as_ref().is_some_and(|o| o.counted.total == 0) {
            outcome = self.execute(&searcher, f, q, true)?;
        }
        let Some(Outcome { addresses, counted }) = outcome else {
            // Typed, but nothing searchable in it (only stop words, symbols or
            // emoji): no match, rather than every listing.
            return Ok(SearchResults::default());
        };
        let ids = self.listing_ids(&searcher, &addresses)?;
        self.columns().keep_only(&searcher);
        let categories = category_counts(taxonomy, q.category, &counted.categories);
        let total = counted.total;
        let correction =
            if total == 0 && !q.text.is_empty() { suggest::correction(&searcher, f, &q.text) } else { None };
        Ok(SearchResults {
            total,
            ids,
            categories,
            materials: keyword_facet(&searcher, f.material_shown, &counted.materials),
            locations: keyword_facet(&searcher, f.location_shown, &counted.towns),
            keyword_counts_exact: counted.exact,
            correction,
        })
    }
}

/// What one pass over the index found.
struct Outcome {
    addresses: Vec<DocAddress>,
    counted: facets::Counts,
}

impl SearchIndex {
    /// One pass: the page of results, the total and the facet counts.
    /// `None` when the text holds nothing searchable.
    fn execute(
        &self,
        searcher: &Searcher,
        f: Fields,
        q: &SearchQuery,
        with_description: bool,
    ) -> Result<Option<Outcome>, SearchError> {
        let taxonomy = self.taxonomy();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = text_clauses(&q.text, f, searcher, with_description);
        if clauses.is_empty() && !q.text.is_empty() {
            return Ok(None);
        }
        clauses.extend(filter_clauses(q, f, taxonomy));
        let query: Box<dyn Query> =
            if clauses.is_empty() { Box::new(AllQuery) } else { Box::new(BooleanQuery::new(clauses)) };

        let limit = usize::try_from(q.limit.max(1)).unwrap_or(24);
        let offset = usize::try_from(q.offset).unwrap_or(0);
        // Equal keys keep index order: stable from one page to the next of the
        // same index, with no extra column to read for every result.
        let top = TopDocs::with_limit(limit).and_offset(offset);
        let counter = FacetCounter(self.columns());
        fn collect<K>(hits: Vec<(K, DocAddress)>, counted: facets::Counts) -> Outcome {
            Outcome { addresses: hits.into_iter().map(|(_, address)| address).collect(), counted }
        }
        let outcome = match q.sort {
            SearchSort::Relevance => {
                let collector = top.order_by((SortBySimilarityScore, Order::Desc));
                let (hits, counted) = searcher.search(&query, &(collector, counter))?;
                collect(hits, counted)
            }
            SearchSort::PriceAsc | SearchSort::PriceDesc => {
                let order = if q.sort == SearchSort::PriceAsc { Order::Asc } else { Order::Desc };
                let collector = top.order_by((SortByStaticFastValue::<u64>::for_field("price"), order));
                let (hits, counted) = searcher.search(&query, &(collector, counter))?;
                collect(hits, counted)
            }
            SearchSort::Newest => {
                let collector = top.order_by((SortByStaticFastValue::<i64>::for_field("created"), Order::Desc));
                let (hits, counted) = searcher.search(&query, &(collector, counter))?;
                collect(hits, counted)
            }
        };
        Ok(Some(outcome))
    }
}

/// Each word of the query, as a clause that must match in one field or another.
fn text_clauses(text: &str, f: Fields, searcher: &Searcher, with_description: bool) -> Vec<(Occur, Box<dyn Query>)> {
    let mut fields = vec![(f.title, 3.0), (f.tags, 2.0), (f.context, 1.3)];
    if with_description {
        fields.push((f.description, 0.5));
    }
    let mut stemming = french();
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for word in words(&mut folding(), text).into_iter().take(MAX_WORDS) {
        // A stop word gives no stem and no clause.
        let Some(stem) = words(&mut stemming, &word).into_iter().next() else { continue };
        let typos = match word.chars().count() {
            0..=4 => 0,
            5..=8 => 1,
            _ => 2,
        };
        let mut either: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut exact_matches = 0_u64;
        for &(field, boost) in &fields {
            let term = Term::from_field_text(field, &stem);
            exact_matches += searcher.doc_freq(&term).unwrap_or(0);
            let exact = TermQuery::new(term, IndexRecordOption::WithFreqs);
            either.push((Occur::Should, Box::new(BoostQuery::new(Box::new(exact), boost))));
        }
        // Typo matches rank after every exact one; when there are hundreds of
        // exact matches nobody pages down to them, and expanding a common
        // word's misspellings is what made broad searches slow.
        if typos > 0 && exact_matches < FUZZY_UNLESS_EXACT {
            // Against unstemmed words: a misspelt word does not stem like the
            // word it misspells. Scored well below an exact match.
            let fuzzy = FuzzyTermQuery::new(Term::from_field_text(f.folded, &word), typos, true);
            either.push((Occur::Should, Box::new(BoostQuery::new(Box::new(fuzzy), 0.5))));
        }
        clauses.push((Occur::Must, Box::new(BooleanQuery::new(either))));
    }
    clauses
}

fn filter_clauses(q: &SearchQuery, f: Fields, taxonomy: &Taxonomy) -> Vec<(Occur, Box<dyn Query>)> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    if let Some(facet) = q.category.and_then(|c| category_facet(taxonomy, c)) {
        let term = Term::from_facet(f.category, &facet);
        clauses.push((Occur::Must, Box::new(TermQuery::new(term, IndexRecordOption::Basic))));
    }
    if q.min_price_cents.is_some() || q.max_price_cents.is_some() {
        let bound = |cents: Option<i64>, inclusive: fn(Term) -> Bound<Term>| {
            cents.map_or(Bound::Unbounded, |c| inclusive(Term::from_field_u64(f.price, u64::try_from(c).unwrap_or(0))))
        };
        let range =
            RangeQuery::new(bound(q.min_price_cents, Bound::Included), bound(q.max_price_cents, Bound::Included));
        clauses.push((Occur::Must, Box::new(range)));
    }
    for material in &q.materials {
        clauses.push((Occur::Must, keyword_query(f.material, material)));
    }
    if let Some(town) = &q.location {
        clauses.push((Occur::Must, keyword_query(f.location, town)));
    }
    clauses
}

fn keyword_query(field: Field, folded: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(Term::from_field_text(field, folded), IndexRecordOption::Basic))
}

fn category_facet(taxonomy: &Taxonomy, id: CategoryId) -> Option<Facet> {
    let path = taxonomy.path(id);
    (!path.is_empty()).then(|| Facet::from_path(path.iter().map(|c| c.slug.as_str())))
}

/// Results per child of `parent` (per top-level category without one), in
/// the taxonomy's order, from counts per leaf category.
fn category_counts(taxonomy: &Taxonomy, parent: Option<CategoryId>, leaves: &FxHashMap<u64, u64>) -> Vec<FacetCount> {
    let mut per_child: FxHashMap<CategoryId, u64> = FxHashMap::default();
    for (&leaf, &count) in leaves {
        let path = taxonomy.path(CategoryId::new(i64::try_from(leaf).unwrap_or(0)));
        let depth = match parent {
            Some(parent) => match path.iter().position(|c| c.id == parent) {
                Some(at) => at + 1,
                None => continue,
            },
            None => 0,
        };
        if let Some(child) = path.get(depth) {
            *per_child.entry(child.id).or_default() += count;
        }
    }
    let children: Vec<&echoppe_domain::Category> = match parent {
        Some(parent) => taxonomy.children(parent).collect(),
        None => taxonomy.top_level().collect(),
    };
    children
        .into_iter()
        .filter_map(|c| {
            let count = *per_child.get(&c.id)?;
            Some(FacetCount { value: c.slug.to_string(), label: c.name.clone(), count })
        })
        .collect()
}

/// The most frequent values of a keyword facet, turned back into words from
/// `field`'s dictionary of `folded\u{1}shown` terms.
fn keyword_facet(searcher: &Searcher, field: Field, counts: &FxHashMap<u64, u64>) -> Vec<FacetCount> {
    let ranked = facets::top(counts, FACET_VALUES);
    if ranked.is_empty() {
        return Vec::new();
    }
    let mut names: FxHashMap<u64, (String, String)> = FxHashMap::default();
    for segment in searcher.segment_readers() {
        let Ok(index) = segment.inverted_index(field) else { continue };
        let Ok(mut terms) = index.terms().stream() else { continue };
        while terms.advance() {
            let term = String::from_utf8_lossy(terms.key());
            if let Some((folded, shown)) = term.split_once(SHOWN) {
                let code = facets::code(folded);
                if counts.contains_key(&code) {
                    names.entry(code).or_insert_with(|| (folded.to_owned(), shown.to_owned()));
                }
            }
        }
    }
    ranked
        .into_iter()
        .filter_map(|(code, count)| {
            let (folded, shown) = names.get(&code)?;
            Some(FacetCount { value: folded.clone(), label: capitalised(shown), count })
        })
        .collect()
}

impl SearchIndex {
    fn listing_ids(&self, searcher: &Searcher, addresses: &[DocAddress]) -> Result<Vec<ListingId>, SearchError> {
        let mut ids = Vec::with_capacity(addresses.len());
        for address in addresses {
            let columns = self.columns().of(searcher.segment_reader(address.segment_ord))?;
            if let Some(id) = columns.id.first(address.doc_id) {
                ids.push(ListingId::new(i64::try_from(id).unwrap_or(0)));
            }
        }
        Ok(ids)
    }
}
