//! Suggestions while typing, and spelling corrections when nothing matched.
//!
//! Both read the index's own dictionaries of words and tags (each stored as
//! `folded\u{1}shown` with the number of listings using it), so they never
//! disagree with what a search would find.

use crate::SearchError;
use crate::analysis::{folding, words};
use crate::document::SHOWN;
use crate::index::SearchIndex;
use crate::schema::Fields;
use std::collections::HashMap;
use tantivy::Searcher;
use tantivy::schema::Field;

/// Terms read per segment for one prefix: a one-letter prefix must not walk
/// the whole dictionary on every key press.
const SCAN_LIMIT: usize = 4_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// What to search for (or, for a category, its name).
    pub text: String,
    /// A category's slug, when the suggestion is a category to browse.
    pub category: Option<String>,
}

impl SearchIndex {
    /// Up to `limit` completions of `typed`: categories whose name starts
    /// with it, then tags, then the last word completed with the most used
    /// words of titles and tags.
    pub async fn suggest(&self, typed: &str, limit: usize) -> Result<Vec<Suggestion>, SearchError> {
        let index = self.clone();
        let typed = typed.to_owned();
        tokio::task::spawn_blocking(move || index.suggest_now(&typed, limit))
            .await
            .map_err(|e| SearchError::Task(e.to_string()))?
    }

    fn suggest_now(&self, typed: &str, limit: usize) -> Result<Vec<Suggestion>, SearchError> {
        let folded = words(&mut folding(), typed);
        let Some(last) = folded.last() else { return Ok(Vec::new()) };
        let whole = folded.join(" ");
        let (searcher, f) = self.searcher();
        let mut out: Vec<Suggestion> = Vec::new();

        for category in self.taxonomy().all() {
            let name = words(&mut folding(), &category.name).join(" ");
            if name.starts_with(&whole) && out.len() < 3 {
                out.push(Suggestion { text: category.name.clone(), category: Some(category.slug.to_string()) });
            }
        }
        for (_, shown) in most_used(&searcher, f.tag_phrases, &whole)?.into_iter().take(3) {
            out.push(Suggestion { text: shown, category: None });
        }
        // Everything typed before the last word stays as typed.
        let head = typed.trim_end();
        let head = head.rfind(char::is_whitespace).map_or("", |i| head[..=i].trim_end());
        for (_, shown) in most_used(&searcher, f.words, last)? {
            let text = if head.is_empty() { shown } else { format!("{head} {shown}") };
            out.push(Suggestion { text, category: None });
        }
        let mut seen = std::collections::HashSet::new();
        out.retain(|s| seen.insert(s.text.to_lowercase()));
        out.truncate(limit);
        Ok(out)
    }
}

/// The `shown` forms of the terms of `field` starting with `prefix`, most
/// used first.
fn most_used(searcher: &Searcher, field: Field, prefix: &str) -> Result<Vec<(u64, String)>, SearchError> {
    let mut counts: HashMap<String, u64> = HashMap::new();
    let mut upper = prefix.as_bytes().to_vec();
    // No UTF-8 byte is 0xFF: everything starting with `prefix` sorts below this.
    upper.push(0xFF);
    for segment in searcher.segment_readers() {
        let index = segment.inverted_index(field)?;
        let mut terms = index
            .terms()
            .range()
            .ge(prefix.as_bytes())
            .lt(&upper)
            .into_stream()
            .map_err(|e| SearchError::Io("term dictionary".into(), e))?;
        let mut scanned = 0;
        while scanned < SCAN_LIMIT && terms.advance() {
            scanned += 1;
            let key = String::from_utf8_lossy(terms.key()).into_owned();
            *counts.entry(key).or_default() += u64::from(terms.value().doc_freq);
        }
    }
    let mut ranked: Vec<(u64, String)> = counts
        .into_iter()
        .filter_map(|(term, count)| term.split_once(SHOWN).map(|(_, shown)| (count, shown.to_owned())))
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    ranked.truncate(8);
    Ok(ranked)
}

/// The query with each word no listing uses replaced by the closest word
/// many listings use (one typo for short words, two for long ones); `None`
/// when there is nothing to correct.
pub(crate) fn correction(searcher: &Searcher, f: Fields, text: &str) -> Option<String> {
    let mut changed = false;
    let corrected: Vec<String> = words(&mut folding(), text)
        .into_iter()
        .map(|word| match closest(searcher, f.words, &word) {
            Some(better) if better != word => {
                changed = true;
                better
            }
            _ => word,
        })
        .collect();
    changed.then(|| corrected.join(" "))
}

/// `word` itself if listings use it, else the most used word within reach.
fn closest(searcher: &Searcher, field: Field, word: &str) -> Option<String> {
    let exact = format!("{word}{SHOWN}");
    if most_used(searcher, field, &exact).ok().is_some_and(|found| !found.is_empty()) {
        return Some(word.to_owned());
    }
    let reach = if word.chars().count() >= 9 { 2 } else { 1 };
    let first: String = word.chars().take(1).collect();
    let mut best: Option<(u64, String)> = None;
    for segment in searcher.segment_readers() {
        let index = segment.inverted_index(field).ok()?;
        let mut upper = first.as_bytes().to_vec();
        upper.push(0xFF);
        let mut terms = index.terms().range().ge(first.as_bytes()).lt(&upper).into_stream().ok()?;
        while terms.advance() {
            let key = String::from_utf8_lossy(terms.key()).into_owned();
            let Some((folded, _)) = key.split_once(SHOWN) else { continue };
            // Lengths further apart than the reach cannot be within it.
            if folded.len().abs_diff(word.len()) > reach {
                continue;
            }
            if strsim::levenshtein(folded, word) <= reach {
                let count = u64::from(terms.value().doc_freq);
                if best.as_ref().is_none_or(|(most, _)| count > *most) {
                    best = Some((count, folded.to_owned()));
                }
            }
        }
    }
    best.map(|(_, folded)| folded)
}

impl SearchIndex {
    /// Whether any listing has this material (folded), to tell an unknown
    /// filter value from one with no match among the current results.
    pub fn knows_material(&self, folded: &str) -> bool {
        let (searcher, f) = self.searcher();
        knows(&searcher, f.material, folded)
    }

    /// Whether any listing's shop is in this town (folded).
    pub fn knows_location(&self, folded: &str) -> bool {
        let (searcher, f) = self.searcher();
        knows(&searcher, f.location, folded)
    }
}

fn knows(searcher: &Searcher, field: Field, term: &str) -> bool {
    searcher.segment_readers().iter().any(|segment| {
        segment.inverted_index(field).is_ok_and(|index| index.terms().get(term.as_bytes()).is_ok_and(|t| t.is_some()))
    })
}
