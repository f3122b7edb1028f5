//! Money is an integer number of cents with a currency code: never a float.

use crate::Invalid;
use std::fmt;

/// An ISO 4217 currency code, three upper-case ASCII letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Currency([u8; 3]);

impl Currency {
    pub const EUR: Self = Self(*b"EUR");

    pub fn parse(code: &str) -> Result<Self, Invalid> {
        match code.as_bytes() {
            &[a, b, c] if [a, b, c].iter().all(u8::is_ascii_uppercase) => Ok(Self([a, b, c])),
            _ => Err(Invalid::new(format!(
                "« {} » n'est pas un code de devise (trois lettres majuscules, par exemple EUR)",
                crate::paging::shorten(code)
            ))),
        }
    }

    pub fn as_str(&self) -> &str {
        // Only ever built from three ASCII letters, so this cannot fail.
        std::str::from_utf8(&self.0).unwrap_or("XXX")
    }

    /// The symbol written after the amount in French typography, when there is a usual one.
    fn symbol(self) -> Option<&'static str> {
        match &self.0 {
            b"EUR" => Some("€"),
            b"USD" => Some("$"),
            b"GBP" => Some("£"),
            _ => None,
        }
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A non-negative amount in cents of a currency: a price, a subtotal, a shipping fee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Money {
    cents: i64,
    currency: Currency,
}

impl Money {
    /// The largest amount echoppe accepts, 1,000,000.00: far above any handmade item,
    /// low enough that sums of a few thousand of them never overflow.
    pub const MAX_CENTS: i64 = 100_000_000;

    pub fn new(cents: i64, currency: Currency) -> Result<Self, Invalid> {
        if !(0..=Self::MAX_CENTS).contains(&cents) {
            return Err(Invalid::new(format!(
                "le montant doit être compris entre 0 et {}",
                Self { cents: Self::MAX_CENTS, currency }
            )));
        }
        Ok(Self { cents, currency })
    }

    pub fn euros(cents: i64) -> Result<Self, Invalid> {
        Self::new(cents, Currency::EUR)
    }

    pub fn cents(self) -> i64 {
        self.cents
    }

    pub fn currency(self) -> Currency {
        self.currency
    }

    /// Parses an amount typed by a person in major units: `12`, `12.5`, `12,50`,
    /// `1 234,50`, optionally followed by `€`. At most two decimals.
    pub fn parse_major(text: &str, currency: Currency) -> Result<Self, Invalid> {
        let cleaned: String =
            text.trim().trim_end_matches('€').chars().filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}')).collect();
        let refuse = || {
            Invalid::new(format!(
                "« {} » n'est pas un montant valide (par exemple 12,50)",
                crate::paging::shorten(text)
            ))
        };
        let (whole, fraction) = match cleaned.split_once([',', '.']) {
            Some((_, "")) => return Err(refuse()),
            Some((whole, fraction)) => (whole, fraction),
            None => (cleaned.as_str(), ""),
        };
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !all_digits(whole) || !all_digits(fraction) || fraction.len() > 2 {
            return Err(refuse());
        }
        // Ten significant digits of whole units are far beyond MAX_CENTS; refusing
        // them here keeps the parse and the arithmetic below from overflowing.
        let significant = whole.trim_start_matches('0');
        if significant.len() > 10 {
            // Well-formed, just far too large: say so rather than "not an amount".
            return Self::new(Self::MAX_CENTS + 1, currency);
        }
        // Digits only and short, as checked above: these parses cannot fail except
        // on the empty string, which means zero.
        let whole: i64 = significant.parse().unwrap_or(0);
        let fraction: i64 = match fraction.len() {
            0 => 0,
            1 => fraction.parse::<i64>().unwrap_or(0) * 10,
            _ => fraction.parse().unwrap_or(0),
        };
        let cents = whole * 100 + fraction;
        Self::new(cents, currency)
    }

    /// The amount in French typography: `1 234,50 €`, with a narrow no-break space
    /// between thousands and a no-break space before the symbol.
    pub fn format_fr(self) -> String {
        let whole = self.cents / 100;
        let fraction = self.cents % 100;
        let mut out = group_digits(whole);
        out.push(',');
        out.push_str(&format!("{fraction:02}"));
        out.push('\u{a0}');
        out.push_str(self.currency.symbol().unwrap_or(self.currency.as_str()));
        out
    }

    /// The amount in major units with a dot, as a machine (or a URL) reads it: `1234.50`.
    pub fn format_plain(self) -> String {
        format!("{}.{:02}", self.cents / 100, self.cents % 100)
    }

    /// The amount as a French form field shows it back to the person who
    /// typed it: `80`, `12,50` — a comma, no symbol, no needless `,00`.
    /// [`Money::parse_major`] reads it back.
    pub fn format_field_fr(self) -> String {
        match self.cents % 100 {
            0 => (self.cents / 100).to_string(),
            fraction => format!("{},{fraction:02}", self.cents / 100),
        }
    }
}

/// `1 234 567`: digits grouped by three with a narrow no-break space, as
/// French typography writes amounts and counts.
pub fn group_digits(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + 16);
    if n < 0 {
        out.push('-');
    }
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(digit);
    }
    out
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format_fr())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_in_french_typography() {
        let eur = |c| Money::euros(c).unwrap().format_fr();
        assert_eq!(eur(0), "0,00\u{a0}€");
        assert_eq!(eur(1250), "12,50\u{a0}€");
        assert_eq!(eur(123_456), "1\u{202f}234,56\u{a0}€");
        assert_eq!(eur(100_000_000), "1\u{202f}000\u{202f}000,00\u{a0}€");
        let chf = Money::new(990, Currency::parse("CHF").unwrap()).unwrap();
        assert_eq!(chf.format_fr(), "9,90\u{a0}CHF");
        assert_eq!(Money::euros(123_405).unwrap().format_plain(), "1234.05");
    }

    #[test]
    fn groups_digits_by_three() {
        assert_eq!(group_digits(0), "0");
        assert_eq!(group_digits(999), "999");
        assert_eq!(group_digits(1_234), "1\u{202f}234");
        assert_eq!(group_digits(-200_000), "-200\u{202f}000");
    }

    #[test]
    fn parses_amounts_people_type() {
        let parse = |t| Money::parse_major(t, Currency::EUR).map(Money::cents);
        assert_eq!(parse("12"), Ok(1200));
        assert_eq!(parse("12.5"), Ok(1250));
        assert_eq!(parse("12,50"), Ok(1250));
        assert_eq!(parse(" 1 234,05 € "), Ok(123_405));
        assert_eq!(parse("0"), Ok(0));
        assert_eq!(parse("000"), Ok(0));
        assert_eq!(parse("007,5"), Ok(750));
    }

    #[test]
    fn refuses_what_is_not_a_price() {
        for bad in ["", "-1", "abc", "1,234", "12,", ",5", "1.2.3", "1e3", "12,5a", "99999999999999999999", "1000001"] {
            assert!(Money::parse_major(bad, Currency::EUR).is_err(), "{bad:?} should be refused");
        }
        assert!(Money::euros(-1).is_err());
        assert!(Money::euros(Money::MAX_CENTS + 1).is_err());
    }

    #[test]
    fn currency_codes_are_three_capitals() {
        assert_eq!(Currency::parse("EUR"), Ok(Currency::EUR));
        for bad in ["eur", "EU", "EURO", "€", "E1R"] {
            assert!(Currency::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn fields_echo_amounts_in_french() {
        let euros = |cents| Money::new(cents, Currency::EUR).unwrap();
        assert_eq!(euros(8000).format_field_fr(), "80");
        assert_eq!(euros(1250).format_field_fr(), "12,50");
        assert_eq!(euros(5).format_field_fr(), "0,05");
        for cents in [0, 5, 1250, 8000, 123_456] {
            assert_eq!(Money::parse_major(&euros(cents).format_field_fr(), Currency::EUR).unwrap(), euros(cents));
        }
    }
}
