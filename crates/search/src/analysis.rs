//! How text is cut into searchable terms, in French (the catalogue's
//! language): words lower-cased, accents folded (`éco` and `eco` are one
//! term), French stop words dropped, and words stemmed (`bijoux` → `bijou`,
//! `colliers` → `collier`). Documents and queries go through the same
//! analyser, so whatever a seller wrote and a buyer types meet on the same
//! terms.

use tantivy::Index;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, StopWordFilter, TextAnalyzer,
    TokenStream,
};

/// The name the French analyser is registered under in each index.
pub(crate) const FRENCH: &str = "echoppe_fr";
/// And the folding one (no stemming), for typo-tolerant matching.
pub(crate) const FOLDING: &str = "echoppe_folded";

/// Longer "words" are base64 blobs or keyboard mashing, not words.
const LONGEST_WORD: usize = 40;

pub(crate) fn french() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(LONGEST_WORD))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        // Stop words are compared after folding, so the list is folded too.
        .filter(StopWordFilter::remove(french_stop_words()))
        .filter(Stemmer::new(Language::French))
        .build()
}

/// Words too common to search on, folded like the text they are removed from.
fn french_stop_words() -> Vec<String> {
    let mut folder = folding();
    [
        "a", "au", "aux", "avec", "ce", "ces", "d", "dans", "de", "des", "du", "elle", "en", "et", "il", "je", "l",
        "la", "le", "les", "leur", "lui", "ma", "mais", "me", "mes", "mon", "ne", "nos", "notre", "nous", "on", "ou",
        "par", "pas", "pour", "qu", "que", "qui", "s", "sa", "se", "ses", "son", "sur", "ta", "te", "tes", "ton", "tu",
        "un", "une", "vos", "votre", "vous", "c", "j", "m", "n", "t", "y", "est", "été", "être",
    ]
    .iter()
    .flat_map(|word| words(&mut folder, word))
    .collect()
}

/// Lower-cased, accent-folded words without stemming: what suggestions and
/// spelling corrections compare.
pub(crate) fn folding() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(LONGEST_WORD))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Lower-cased words with their accents: how suggestions are shown.
pub(crate) fn lowering() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(LONGEST_WORD))
        .filter(LowerCaser)
        .build()
}

/// The terms `analyzer` makes of `text`.
pub(crate) fn words(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

pub(crate) fn register(index: &Index) {
    index.tokenizers().register(FRENCH, french());
    index.tokenizers().register(FOLDING, folding());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        words(&mut french(), text)
    }

    #[test]
    fn plurals_and_singulars_meet() {
        assert_eq!(terms("bijoux"), terms("bijou"));
        assert_eq!(terms("colliers"), terms("collier"));
        assert_eq!(terms("Boucles d'oreilles"), terms("boucle oreille"));
    }

    #[test]
    fn accents_fold() {
        assert_eq!(terms("éco"), terms("eco"));
        assert_eq!(terms("Céramique ÉMAILLÉE"), terms("ceramique emaillee"));
    }

    #[test]
    fn stop_words_are_dropped() {
        assert_eq!(terms("un collier en laiton pour elle"), terms("collier laiton"));
    }

    #[test]
    fn syntax_characters_are_just_separators() {
        assert_eq!(terms("\"collier\" :* (laiton"), terms("collier laiton"));
        assert!(terms("🌙 ✨ !!!").is_empty());
    }
}
