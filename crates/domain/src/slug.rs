//! Slugs: the readable, URL-safe names of shops and categories.

use crate::Invalid;
use crate::paging::shorten;
use std::fmt;

/// Lower-case ASCII letters and digits in groups joined by single hyphens,
/// 1 to 80 characters: `atelier-margaux`, `boucles-d-oreilles`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Slug(String);

impl Slug {
    pub const MAX_LEN: usize = 80;

    pub fn parse(text: &str) -> Result<Self, Invalid> {
        let well_formed = !text.is_empty()
            && text.len() <= Self::MAX_LEN
            && text
                .split('-')
                .all(|group| !group.is_empty() && group.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
        if well_formed {
            Ok(Self(text.to_owned()))
        } else {
            Err(Invalid::new(format!(
                "« {} » n'est pas un identifiant d'adresse valide (lettres minuscules sans accents, \
                 chiffres et tirets, {} caractères au plus)",
                shorten(text),
                Self::MAX_LEN
            )))
        }
    }

    /// Derives a slug from a name or a title: accents folded, everything else
    /// turned into hyphens, cut at a word boundary. Text with no letter or
    /// digit at all gives `fallback`.
    pub fn from_text(text: &str, fallback: &str) -> Self {
        let mut slug = slug::slugify(text);
        if slug.len() > Self::MAX_LEN {
            let cut = slug[..=Self::MAX_LEN].rfind('-').unwrap_or(Self::MAX_LEN);
            slug.truncate(cut);
        }
        match Self::parse(&slug) {
            Ok(slug) => slug,
            Err(_) => Self(fallback.to_owned()),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_well_formed_slugs() {
        for good in ["a", "bijoux", "boucles-d-oreilles", "atelier-2024", &"x".repeat(80)] {
            assert!(Slug::parse(good).is_ok(), "{good:?}");
        }
    }

    #[test]
    fn refuses_malformed_slugs() {
        for bad in ["", "-a", "a-", "a--b", "Bijoux", "bijoux ", "café", "a/b", "a_b", &"x".repeat(81)] {
            assert!(Slug::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn derives_slugs_from_french_text() {
        let slug = |t| Slug::from_text(t, "article").to_string();
        assert_eq!(slug("Boucles d'oreilles « Éclat » en laiton doré"), "boucles-d-oreilles-eclat-en-laiton-dore");
        assert_eq!(slug("Cœur & âme — Ça va ?"), "coeur-ame-ca-va");
        assert_eq!(slug("!!!"), "article");
        let long = slug(&"mot ".repeat(40));
        assert!(long.len() <= Slug::MAX_LEN && !long.ends_with('-'), "{long}");
        assert!(Slug::parse(&long).is_ok());
    }
}
