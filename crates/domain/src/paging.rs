//! How a list of listings is asked for: which page, how many, in what order,
//! within which prices.

use crate::{Currency, Invalid, Money};

/// A 1-based page number of a paginated HTML list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PageNumber(u32);

impl PageNumber {
    pub const FIRST: Self = Self(1);
    /// Deep pages cost the database a long index walk and nobody reads page 500;
    /// past this, people are asked to narrow their search instead.
    pub const MAX: u32 = 400;

    pub fn parse(text: &str) -> Result<Self, Invalid> {
        match text.parse::<u32>() {
            Ok(n) if (1..=Self::MAX).contains(&n) => Ok(Self(n)),
            Ok(_) => {
                Err(Invalid::new(format!("doit être compris entre 1 et {} (reçu « {} »)", Self::MAX, shorten(text))))
            }
            Err(_) => Err(Invalid::new(format!("doit être un nombre entier positif (reçu « {} »)", shorten(text)))),
        }
    }

    pub fn get(self) -> u32 {
        self.0
    }

    /// The last page of `total` rows, at least 1 (an empty list still has a
    /// first page) and at most [`PageNumber::MAX`].
    pub fn last_for(total: i64, size: PageSize) -> u32 {
        let pages = u64::try_from(total).unwrap_or(0).div_ceil(u64::from(size.get()));
        u32::try_from(pages).unwrap_or(u32::MAX).clamp(1, Self::MAX)
    }

    /// The number of rows to skip to reach this page.
    pub fn offset(self, size: PageSize) -> u32 {
        (self.0 - 1) * size.get()
    }
}

/// How many listings one page or one API response holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageSize(u32);

impl PageSize {
    pub const MAX: u32 = 100;
    /// A grid of 4, 3 or 2 columns fills evenly with 24 cards.
    pub const DEFAULT: Self = Self(24);

    pub fn parse(text: &str) -> Result<Self, Invalid> {
        match text.parse::<u32>() {
            Ok(n) if (1..=Self::MAX).contains(&n) => Ok(Self(n)),
            Ok(_) => {
                Err(Invalid::new(format!("doit être compris entre 1 et {} (reçu « {} »)", Self::MAX, shorten(text))))
            }
            Err(_) => Err(Invalid::new(format!("doit être un nombre entier positif (reçu « {} »)", shorten(text)))),
        }
    }

    pub const fn new_clamped(n: u32) -> Self {
        if n == 0 {
            Self(1)
        } else if n > Self::MAX {
            Self(Self::MAX)
        } else {
            Self(n)
        }
    }

    pub fn get(self) -> u32 {
        self.0
    }
}

/// The order of a list of listings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ListingSort {
    #[default]
    Newest,
    PriceAsc,
    PriceDesc,
    /// Most favourited first: what buyers have loved.
    Popular,
}

impl ListingSort {
    pub const ALL: [Self; 4] = [Self::Newest, Self::PriceAsc, Self::PriceDesc, Self::Popular];

    pub fn parse(text: &str) -> Result<Self, Invalid> {
        Self::ALL.into_iter().find(|sort| sort.as_str() == text).ok_or_else(|| {
            Invalid::new(format!(
                "tri inconnu « {} » (valeurs possibles : newest, price_asc, price_desc, popular)",
                shorten(text)
            ))
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Newest => "newest",
            Self::PriceAsc => "price_asc",
            Self::PriceDesc => "price_desc",
            Self::Popular => "popular",
        }
    }

    pub fn label_fr(self) -> &'static str {
        match self {
            Self::Newest => "Nouveautés",
            Self::PriceAsc => "Prix croissant",
            Self::PriceDesc => "Prix décroissant",
            Self::Popular => "Les plus aimés",
        }
    }
}

/// An optional lower and upper bound on price, both inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PriceRange {
    pub min: Option<Money>,
    pub max: Option<Money>,
}

impl PriceRange {
    /// Parses the bounds people type (in euros); either may be absent or empty.
    /// Returns which bound was wrong as the first element of the error.
    pub fn parse(min: Option<&str>, max: Option<&str>) -> Result<Self, (&'static str, Invalid)> {
        let bound = |name: &'static str, text: Option<&str>| match text.map(str::trim) {
            None | Some("") => Ok(None),
            Some(text) => Money::parse_major(text, Currency::EUR).map(Some).map_err(|e| (name, e)),
        };
        let range = Self { min: bound("min_price", min)?, max: bound("max_price", max)? };
        if let (Some(min), Some(max)) = (range.min, range.max)
            && min.cents() > max.cents()
        {
            return Err((
                "max_price",
                Invalid::new(format!("le prix maximum ({max}) est inférieur au prix minimum ({min})")),
            ));
        }
        Ok(range)
    }

    pub fn is_empty(&self) -> bool {
        self.min.is_none() && self.max.is_none()
    }
}

/// Quotes at most 40 characters of what a person sent, so an error message about
/// a 10 KB parameter stays readable.
pub fn shorten(text: &str) -> String {
    const LIMIT: usize = 40;
    match text.char_indices().nth(LIMIT) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// "ajoutez…" → "Ajoutez…": a message or a name written to follow other
/// words, put at the start of a sentence.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// Items as a French list: "A", "A et B", "A, B et C".
pub fn and_fr(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} et {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_are_bounded() {
        assert_eq!(PageNumber::parse("1").map(PageNumber::get), Ok(1));
        assert_eq!(PageNumber::parse("400").map(PageNumber::get), Ok(400));
        for bad in ["0", "-1", "401", "x", "", "1.5", "99999999999"] {
            assert!(PageNumber::parse(bad).is_err(), "{bad:?}");
        }
        assert!(PageNumber::parse("-1").unwrap_err().0.contains("entier positif"));
        assert!(PageNumber::parse("401").unwrap_err().0.contains("entre 1 et 400"));
    }

    #[test]
    fn last_pages_are_bounded() {
        assert_eq!(PageNumber::last_for(0, PageSize::DEFAULT), 1);
        assert_eq!(PageNumber::last_for(24, PageSize::DEFAULT), 1);
        assert_eq!(PageNumber::last_for(25, PageSize::DEFAULT), 2);
        assert_eq!(PageNumber::last_for(1_000_000, PageSize::DEFAULT), PageNumber::MAX);
        assert_eq!(PageNumber::last_for(-3, PageSize::DEFAULT), 1);
    }

    #[test]
    fn offsets_follow_page_size() {
        let page = PageNumber::parse("3").unwrap();
        assert_eq!(page.offset(PageSize::DEFAULT), 48);
    }

    #[test]
    fn page_sizes_are_bounded() {
        assert_eq!(PageSize::parse("100").map(PageSize::get), Ok(100));
        assert!(PageSize::parse("101").unwrap_err().0.contains("entre 1 et 100"));
        assert!(PageSize::parse("0").is_err());
        assert_eq!(PageSize::new_clamped(1000).get(), 100);
        assert_eq!(PageSize::new_clamped(0).get(), 1);
    }

    #[test]
    fn sorts_round_trip() {
        for sort in ListingSort::ALL {
            assert_eq!(ListingSort::parse(sort.as_str()), Ok(sort));
        }
        assert!(ListingSort::parse("cheapest").unwrap_err().0.contains("price_asc"));
    }

    #[test]
    fn price_ranges_name_the_wrong_bound() {
        let range = PriceRange::parse(Some("10"), Some("25,50")).unwrap();
        assert_eq!(range.min.map(Money::cents), Some(1000));
        assert_eq!(range.max.map(Money::cents), Some(2550));
        assert!(PriceRange::parse(None, Some("")).unwrap().is_empty());
        assert_eq!(PriceRange::parse(Some("abc"), None).unwrap_err().0, "min_price");
        assert_eq!(PriceRange::parse(None, Some("-4")).unwrap_err().0, "max_price");
        assert_eq!(PriceRange::parse(Some("30"), Some("20")).unwrap_err().0, "max_price");
    }

    #[test]
    fn long_values_are_shortened_in_messages() {
        let long = "é".repeat(10_000);
        let message = PageNumber::parse(&long).unwrap_err().0;
        assert!(message.chars().count() < 120, "{message}");
    }

    #[test]
    fn lists_read_in_french() {
        let items = |n: &[&str]| n.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(and_fr(&items(&[])), "");
        assert_eq!(and_fr(&items(&["A"])), "A");
        assert_eq!(and_fr(&items(&["A", "B"])), "A et B");
        assert_eq!(and_fr(&items(&["A", "B", "C"])), "A, B et C");
    }
}
