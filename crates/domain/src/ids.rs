//! Typed ids, so a shop id can never be passed where a listing id is expected.

use crate::Invalid;
use std::fmt;

macro_rules! id_newtype {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(i64);

        impl $name {
            /// Wraps an id read from the database, which only ever holds positive ids.
            pub const fn new(raw: i64) -> Self {
                Self(raw)
            }

            pub const fn get(self) -> i64 {
                self.0
            }

            /// Parses an id from a URL segment: a positive decimal integer, nothing else.
            pub fn parse(text: &str) -> Result<Self, Invalid> {
                match text.parse::<i64>() {
                    Ok(raw) if raw > 0 && !text.starts_with('+') => Ok(Self(raw)),
                    _ => Err(Invalid::new(format!(
                        "« {} » n'est pas un identifiant valide (nombre entier positif attendu)",
                        crate::paging::shorten(text)
                    ))),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_newtype!(
    /// A listing (an item for sale).
    ListingId
);
id_newtype!(
    /// A creator's shop.
    ShopId
);
id_newtype!(
    /// A person with an account: buyer, seller or operator.
    UserId
);
id_newtype!(
    /// A node of the category taxonomy.
    CategoryId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_positive_integers_only() {
        assert_eq!(ListingId::parse("42").map(ListingId::get), Ok(42));
        for bad in ["0", "-3", "+3", "", "4.2", "abc", "12abc", "99999999999999999999"] {
            assert!(ListingId::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn error_quotes_the_value() {
        let err = ShopId::parse("x1").unwrap_err();
        assert!(err.0.contains("« x1 »"), "{err}");
    }
}
