//! A listing turned into an index document.

use crate::analysis::{folding, lowering, words};
use crate::facets::code;
use crate::schema::Fields;
use echoppe_domain::Taxonomy;
use echoppe_storage::SearchDocument;
use std::collections::BTreeSet;
use tantivy::TantivyDocument;
use tantivy::schema::Facet;
use tantivy::tokenizer::TextAnalyzer;

/// Separates the folded form of a suggestion (what is matched) from the form
/// shown (with its accents) inside one indexed term.
pub(crate) const SHOWN: char = '\u{1}';

/// Words shorter than this are not worth suggesting.
const SHORTEST_SUGGESTION: usize = 3;

/// Builds documents; holds the analysers it reuses between documents.
pub(crate) struct DocumentBuilder<'a> {
    fields: Fields,
    taxonomy: &'a Taxonomy,
    folding: TextAnalyzer,
    lowering: TextAnalyzer,
}

impl<'a> DocumentBuilder<'a> {
    pub(crate) fn new(fields: Fields, taxonomy: &'a Taxonomy) -> Self {
        Self { fields, taxonomy, folding: folding(), lowering: lowering() }
    }

    pub(crate) fn build(&mut self, listing: &SearchDocument) -> TantivyDocument {
        let f = self.fields;
        let mut doc = TantivyDocument::default();
        doc.add_u64(f.id, u64::try_from(listing.id.get()).unwrap_or(0));
        doc.add_text(f.title, &listing.title);
        doc.add_text(f.description, &listing.description);
        doc.add_text(f.context, &listing.shop_name);
        for tag in &listing.tags {
            doc.add_text(f.tags, tag);
        }
        for material in &listing.materials {
            doc.add_text(f.context, material);
            let folded = self.keyword(material);
            if !folded.is_empty() {
                let shown = material.trim().to_lowercase();
                doc.add_text(f.material_shown, format!("{folded}{SHOWN}{shown}"));
                doc.add_u64(f.material_codes, code(&folded));
                doc.add_text(f.material, folded);
            }
        }
        let path = self.taxonomy.path(listing.category);
        let names: Vec<&str> = path.iter().map(|c| c.name.as_str()).collect();
        doc.add_text(f.context, names.join(" "));
        doc.add_text(f.folded, &listing.title);
        doc.add_text(f.folded, names.join(" "));
        doc.add_text(f.folded, &listing.shop_name);
        for word in listing.tags.iter().chain(&listing.materials) {
            doc.add_text(f.folded, word);
        }
        let slugs: Vec<&str> = path.iter().map(|c| c.slug.as_str()).collect();
        if !slugs.is_empty() {
            doc.add_facet(f.category, Facet::from_path(slugs));
        }
        doc.add_u64(f.category_id, u64::try_from(listing.category.get()).unwrap_or(0));
        let town = town_of(&listing.shop_location);
        let folded = self.keyword(town);
        if !folded.is_empty() {
            doc.add_text(f.location_shown, format!("{folded}{SHOWN}{town}"));
            doc.add_u64(f.location_code, code(&folded));
            doc.add_text(f.location, folded);
        }
        doc.add_u64(f.price, u64::try_from(listing.price_cents).unwrap_or(0));
        doc.add_i64(f.created, listing.created_at.unix());
        doc.add_u64(f.loved, u64::try_from(listing.favourite_count).unwrap_or(0));

        // Each distinct word once per listing: suggestions rank words by how
        // many listings use them.
        let mut seen = BTreeSet::new();
        let text = std::iter::once(listing.title.as_str()).chain(listing.tags.iter().map(String::as_str));
        for part in text {
            let folded = words(&mut self.folding, part);
            let shown = words(&mut self.lowering, part);
            for (folded, shown) in folded.into_iter().zip(shown) {
                if folded.chars().count() >= SHORTEST_SUGGESTION && seen.insert(folded.clone()) {
                    doc.add_text(f.words, format!("{folded}{SHOWN}{shown}"));
                }
            }
        }
        for tag in &listing.tags {
            let shown = tag.trim().to_lowercase();
            let folded = words(&mut self.folding, tag).join(" ");
            if folded.contains(' ') {
                doc.add_text(f.tag_phrases, format!("{folded}{SHOWN}{shown}"));
            }
        }
        doc
    }

    /// A whole value folded for exact matching: "Laiton doré" → "laiton dore".
    pub(crate) fn keyword(&mut self, value: &str) -> String {
        words(&mut self.folding, value).join(" ")
    }
}

/// "Nantes, France" → "Nantes": the town is what buyers filter on.
pub(crate) fn town_of(location: &str) -> &str {
    location.split(',').next().unwrap_or_default().trim()
}
