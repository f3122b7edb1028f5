//! Just enough French grammar for generated text to read naturally: gender and
//! number agreement, elision, demonstratives.

/// Grammatical gender and number of a noun phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Agreement {
    MasculineSingular,
    FeminineSingular,
    MasculinePlural,
    FemininePlural,
}

use Agreement::{FemininePlural, FeminineSingular, MasculinePlural, MasculineSingular};

impl Agreement {
    pub(crate) fn is_plural(self) -> bool {
        matches!(self, MasculinePlural | FemininePlural)
    }

    pub(crate) fn is_feminine(self) -> bool {
        matches!(self, FeminineSingular | FemininePlural)
    }
}

/// A product noun: `bague` (f. sg.), `boucles d'oreilles` (f. pl.).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Noun {
    pub text: &'static str,
    pub agreement: Agreement,
}

pub(crate) const fn m(text: &'static str) -> Noun {
    Noun { text, agreement: MasculineSingular }
}
pub(crate) const fn f(text: &'static str) -> Noun {
    Noun { text, agreement: FeminineSingular }
}
pub(crate) const fn mp(text: &'static str) -> Noun {
    Noun { text, agreement: MasculinePlural }
}
pub(crate) const fn fp(text: &'static str) -> Noun {
    Noun { text, agreement: FemininePlural }
}

/// An adjective or past participle by its masculine and feminine singular
/// forms; plurals add an `s` unless the form already ends in `s` or `x`.
/// Invariable words (colour nouns like `moutarde`) give the same form twice
/// and are marked invariable.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Adjective {
    pub masculine: &'static str,
    pub feminine: &'static str,
    pub invariable: bool,
}

pub(crate) const fn adj(masculine: &'static str, feminine: &'static str) -> Adjective {
    Adjective { masculine, feminine, invariable: false }
}

/// A colour or qualifier that never agrees (`moutarde`, `bleu nuit`).
pub(crate) const fn inv(word: &'static str) -> Adjective {
    Adjective { masculine: word, feminine: word, invariable: true }
}

impl Adjective {
    /// Appends the form agreeing with `agreement` to `out`.
    pub(crate) fn push_agreed(&self, agreement: Agreement, out: &mut String) {
        let base = if agreement.is_feminine() { self.feminine } else { self.masculine };
        out.push_str(base);
        if agreement.is_plural() && !self.invariable && !base.ends_with(['s', 'x']) {
            out.push('s');
        }
    }

    pub(crate) fn agreed(&self, agreement: Agreement) -> String {
        let mut out = String::with_capacity(self.feminine.len() + 1);
        self.push_agreed(agreement, &mut out);
        out
    }
}

/// Whether a word elides a preceding `le`, `de`, `ce`… (vowel or mute h).
pub(crate) fn starts_with_vowel_sound(word: &str) -> bool {
    matches!(
        word.chars().next().map(|c| c.to_lowercase().next().unwrap_or(c)),
        Some('a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'h' | 'é' | 'è' | 'ê' | 'à' | 'â' | 'î' | 'ô' | 'œ')
    )
}

/// `ce collier`, `cet anneau`, `cette bague`, `ces boucles d'oreilles`.
pub(crate) fn demonstrative(noun: &Noun) -> &'static str {
    match noun.agreement {
        MasculineSingular if starts_with_vowel_sound(noun.text) => "cet",
        MasculineSingular => "ce",
        FeminineSingular => "cette",
        MasculinePlural | FemininePlural => "ces",
    }
}

/// `chaque` works for every noun but reads oddly with a plural (`chaque boucles`),
/// so plurals get `chaque paire de …` only when the noun is a pair.
pub(crate) fn subject_pronoun(noun: &Noun) -> &'static str {
    match noun.agreement {
        MasculineSingular => "il",
        FeminineSingular => "elle",
        MasculinePlural => "ils",
        FemininePlural => "elles",
    }
}

/// `de lin` / `d'argent`.
pub(crate) fn de(word: &str) -> &'static str {
    if starts_with_vowel_sound(word) { "d'" } else { "de " }
}

/// Upper-cases the first letter (titles and sentences start with a capital).
pub(crate) fn capitalise_into(text: &str, out: &mut String) {
    let mut chars = text.chars();
    if let Some(first) = chars.next() {
        out.extend(first.to_uppercase());
        out.push_str(chars.as_str());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adjectives_agree() {
        let doré = adj("doré", "dorée");
        assert_eq!(doré.agreed(MasculineSingular), "doré");
        assert_eq!(doré.agreed(FemininePlural), "dorées");
        assert_eq!(adj("gris", "grise").agreed(MasculinePlural), "gris");
        assert_eq!(adj("heureux", "heureuse").agreed(MasculinePlural), "heureux");
        assert_eq!(inv("moutarde").agreed(FemininePlural), "moutarde");
    }

    #[test]
    fn demonstratives_and_elision() {
        assert_eq!(demonstrative(&m("collier")), "ce");
        assert_eq!(demonstrative(&m("anneau")), "cet");
        assert_eq!(demonstrative(&m("hamac")), "cet");
        assert_eq!(demonstrative(&f("bague")), "cette");
        assert_eq!(demonstrative(&fp("boucles d'oreilles")), "ces");
        assert_eq!(de("argent"), "d'");
        assert_eq!(de("lin"), "de ");
        let mut out = String::new();
        capitalise_into("écharpe", &mut out);
        assert_eq!(out, "Écharpe");
    }
}
