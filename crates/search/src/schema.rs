//! The index's fields. Text fields are analysed in French; the others are
//! for filters, facets, sorting and suggestions.

use crate::analysis::{FOLDING, FRENCH};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    /// The listing id: to update or delete its document, and to tie-break sorts.
    pub id: Field,
    pub title: Field,
    pub tags: Field,
    /// The category path's names, the materials and the shop's name: one
    /// field rather than three, since each field is one more posting list to
    /// walk for every word of every search.
    pub context: Field,
    pub description: Field,

    /// The words of the title, tags, category, materials and shop name,
    /// folded but not stemmed: what typo-tolerant matching compares, since a
    /// misspelt word does not stem like the word it misspells.
    pub folded: Field,
    /// The leaf category's id, for counting results per category.
    pub category_id: Field,
    /// The category path as a facet (`/bijoux/colliers`): filters by any level.
    pub category: Field,
    /// Each material, folded, whole: the filter.
    pub material: Field,
    /// The shop's town, folded, whole: the filter.
    pub location: Field,
    /// `folded\u{1}shown` per material and for the town: how a counted
    /// value is shown (with its accents).
    pub material_shown: Field,
    pub location_shown: Field,
    /// The codes (`keywords::code`) of the materials and the town, counted
    /// for facets.
    pub material_codes: Field,
    pub location_code: Field,
    pub price: Field,
    pub created: Field,
    pub loved: Field,
    /// `folded\u{1}shown` words of titles and tags, for suggestions.
    pub words: Field,
    /// `folded\u{1}shown` whole tags, for suggestions.
    pub tag_phrases: Field,
}

impl Fields {
    pub(crate) fn schema() -> (Schema, Self) {
        let mut builder = Schema::builder();
        let text = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default().set_tokenizer(FRENCH).set_index_option(IndexRecordOption::WithFreqs),
        );
        let keyword = STRING;
        let fields = Self {
            id: builder.add_u64_field("id", INDEXED | FAST | STORED),
            title: builder.add_text_field("title", text.clone()),
            tags: builder.add_text_field("tags", text.clone()),
            context: builder.add_text_field("context", text.clone()),
            description: builder.add_text_field("description", text),

            folded: builder.add_text_field(
                "folded",
                TextOptions::default().set_indexing_options(
                    TextFieldIndexing::default().set_tokenizer(FOLDING).set_index_option(IndexRecordOption::WithFreqs),
                ),
            ),
            category: builder.add_facet_field("category", INDEXED),
            category_id: builder.add_u64_field("category_id", FAST),
            material: builder.add_text_field("material", keyword.clone()),
            location: builder.add_text_field("location", keyword),
            material_shown: builder.add_text_field("material_shown", STRING),
            location_shown: builder.add_text_field("location_shown", STRING),
            material_codes: builder.add_u64_field("material_codes", FAST),
            location_code: builder.add_u64_field("location_code", FAST),
            price: builder.add_u64_field("price", INDEXED | FAST),
            created: builder.add_i64_field("created", FAST),
            loved: builder.add_u64_field("loved", FAST),
            words: builder.add_text_field("words", STRING),
            tag_phrases: builder.add_text_field("tag_phrases", STRING),
        };
        (builder.build(), fields)
    }

    pub(crate) fn of(schema: &Schema) -> tantivy::Result<Self> {
        let field = |name: &str| schema.get_field(name);
        Ok(Self {
            id: field("id")?,
            title: field("title")?,
            tags: field("tags")?,
            context: field("context")?,
            description: field("description")?,

            folded: field("folded")?,
            category: field("category")?,
            category_id: field("category_id")?,
            material: field("material")?,
            location: field("location")?,
            material_shown: field("material_shown")?,
            location_shown: field("location_shown")?,
            material_codes: field("material_codes")?,
            location_code: field("location_code")?,
            price: field("price")?,
            created: field("created")?,
            loved: field("loved")?,
            words: field("words")?,
            tag_phrases: field("tag_phrases")?,
        })
    }
}
