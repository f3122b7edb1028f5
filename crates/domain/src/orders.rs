//! Orders: what a buyer bought from one shop, where it goes, and where it
//! is in its life.

use crate::paging::shorten;
use crate::selling::{FieldErrors, form_text};
use crate::{Email, Invalid};
use std::fmt;

/// Where an order is. An order is created `AwaitingPayment` (paid at once,
/// or later when the payment service is saturated: "order now, pay later"),
/// then `Paid`, `Shipped`, `Delivered`; or `Cancelled`, or `Expired` when a
/// payment never came and the reserved stock went back on sale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrderStatus {
    AwaitingPayment,
    Paid,
    Shipped,
    Delivered,
    Cancelled,
    Expired,
}

impl OrderStatus {
    pub const ALL: [Self; 6] =
        [Self::AwaitingPayment, Self::Paid, Self::Shipped, Self::Delivered, Self::Cancelled, Self::Expired];

    pub fn parse(text: &str) -> Result<Self, Invalid> {
        Self::ALL
            .into_iter()
            .find(|status| status.as_str() == text)
            .ok_or_else(|| Invalid::new(format!("état de commande inconnu « {} »", shorten(text))))
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::AwaitingPayment => "awaiting_payment",
            Self::Paid => "paid",
            Self::Shipped => "shipped",
            Self::Delivered => "delivered",
            Self::Cancelled => "cancelled",
            Self::Expired => "expired",
        }
    }

    pub fn label_fr(self) -> &'static str {
        match self {
            Self::AwaitingPayment => "en attente de paiement",
            Self::Paid => "payée",
            Self::Shipped => "expédiée",
            Self::Delivered => "livrée",
            Self::Cancelled => "annulée",
            Self::Expired => "expirée",
        }
    }

    /// Whether the order still holds its items' stock.
    pub fn holds_stock(self) -> bool {
        !matches!(self, Self::Cancelled | Self::Expired)
    }

    /// The statuses an order may move to from this one.
    pub fn can_become(self, next: Self) -> bool {
        use OrderStatus::*;
        matches!(
            (self, next),
            (AwaitingPayment, Paid | Cancelled | Expired) | (Paid, Shipped | Cancelled) | (Shipped, Delivered)
        )
    }
}

/// Who carries a parcel, chosen by the seller when marking an order
/// shipped, so the buyer's tracking number links to the carrier's own
/// tracking page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Carrier {
    /// La Poste, Colissimo included (one tracking page for both).
    LaPoste,
    MondialRelay,
    Ups,
    Dhl,
    /// Anyone else: the number is shown, with no link.
    Other,
}

impl Carrier {
    pub const ALL: [Self; 5] = [Self::LaPoste, Self::MondialRelay, Self::Ups, Self::Dhl, Self::Other];

    pub fn parse(text: &str) -> Result<Self, Invalid> {
        Self::ALL
            .into_iter()
            .find(|carrier| carrier.as_str() == text)
            .ok_or_else(|| Invalid::new(format!("transporteur inconnu « {} »", shorten(text))))
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::LaPoste => "la-poste",
            Self::MondialRelay => "mondial-relay",
            Self::Ups => "ups",
            Self::Dhl => "dhl",
            Self::Other => "other",
        }
    }

    pub fn label_fr(self) -> &'static str {
        match self {
            Self::LaPoste => "La Poste / Colissimo",
            Self::MondialRelay => "Mondial Relay",
            Self::Ups => "UPS",
            Self::Dhl => "DHL",
            Self::Other => "Autre transporteur",
        }
    }

    /// The carrier's page that follows parcel `number`, if it has one.
    /// Tracking numbers are letters, digits, spaces and dashes (checked
    /// where the seller types them); carriers want them without spaces.
    pub fn tracking_url(self, number: &str) -> Option<String> {
        let number: String = number.chars().filter(char::is_ascii_alphanumeric).collect();
        if number.is_empty() {
            return None;
        }
        match self {
            Self::LaPoste => Some(format!("https://www.laposte.fr/outils/suivre-vos-envois?code={number}")),
            Self::MondialRelay => {
                Some(format!("https://www.mondialrelay.fr/suivi-de-colis/?NumeroExpedition={number}"))
            }
            Self::Ups => Some(format!("https://www.ups.com/track?loc=fr_FR&tracknum={number}")),
            Self::Dhl => Some(format!("https://www.dhl.com/fr-fr/home/suivi.html?tracking-id={number}")),
            Self::Other => None,
        }
    }
}

/// An order's public number, short enough to read over the phone:
/// `E` then eight Crockford base-32 characters in two groups (`E7K4Q-2M9X`),
/// drawn at random (no digit that reads like a letter, and no guessable
/// sequence telling how many orders the marketplace takes).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OrderNumber(String);

/// Crockford's base-32 alphabet: no I, L, O or U.
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

impl OrderNumber {
    /// The number for 40 random bits.
    pub fn from_bits(bits: u64) -> Self {
        let mut out = String::with_capacity(10);
        out.push('E');
        for i in 0..8 {
            if i == 4 {
                out.push('-');
            }
            let shift = 35 - 5 * i;
            out.push(char::from(CROCKFORD[usize::try_from((bits >> shift) & 31).unwrap_or(0)]));
        }
        Self(out)
    }

    /// Parses a number as a buyer might type it: case and the dash do not
    /// matter, and O, I, L read as 0, 1, 1.
    pub fn parse(text: &str) -> Result<Self, Invalid> {
        let refuse =
            || Invalid::new(format!("« {} » n'est pas un numéro de commande (par exemple E7K4Q-2M9X)", shorten(text)));
        let cleaned: String = text
            .trim()
            .chars()
            .filter(|c| *c != '-' && *c != ' ')
            .map(|c| match c.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                other => other,
            })
            .collect();
        let body = cleaned.strip_prefix('E').ok_or_else(refuse)?;
        if body.len() != 8 || !body.bytes().all(|b| CROCKFORD.contains(&b)) {
            return Err(refuse());
        }
        Ok(Self(format!("E{}-{}", &body[..4], &body[4..])))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for OrderNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where an order is shipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShippingAddress {
    pub name: String,
    pub line1: String,
    pub line2: String,
    pub postcode: String,
    pub city: String,
    /// ISO 3166 alpha-2.
    pub country: String,
}

/// The raw fields of the checkout form (or API body).
#[derive(Debug, Clone, Copy, Default)]
pub struct AddressFields<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub line1: &'a str,
    pub line2: &'a str,
    pub postcode: &'a str,
    pub city: &'a str,
    pub country: &'a str,
}

/// The countries echoppe ships to, for now: the European single market's
/// neighbours of the first makers.
pub const SHIPPING_COUNTRIES: [(&str, &str); 6] = [
    ("FR", "France"),
    ("BE", "Belgique"),
    ("CH", "Suisse"),
    ("LU", "Luxembourg"),
    ("DE", "Allemagne"),
    ("ES", "Espagne"),
];

impl ShippingAddress {
    /// Checks the checkout's contact and address fields, each on its own.
    pub fn parse(fields: &AddressFields<'_>) -> Result<(Email, Self), FieldErrors> {
        let mut errors = FieldErrors::new();
        let email = errors.check("email", Email::parse(fields.email));
        let name =
            errors.check("name", form_text(fields.name, 80, Some("le nom du destinataire est obligatoire"), "le nom"));
        let line1 = errors.check("line1", form_text(fields.line1, 120, Some("l'adresse est obligatoire"), "l'adresse"));
        let line2 = errors.check("line2", form_text(fields.line2, 120, None, "le complément d'adresse"));
        let postcode = errors.check("postcode", postcode(fields.postcode, fields.country));
        let city = errors.check("city", form_text(fields.city, 80, Some("la ville est obligatoire"), "la ville"));
        let country = errors.check("country", country(fields.country));
        match (email, name, line1, line2, postcode, city, country) {
            (Some(email), Some(name), Some(line1), Some(line2), Some(postcode), Some(city), Some(country))
                if errors.is_empty() =>
            {
                Ok((email, Self { name, line1, line2, postcode, city, country }))
            }
            _ => Err(errors),
        }
    }
}

impl ShippingAddress {
    /// The address as the lines of a parcel's label, the country by name.
    pub fn label_lines(&self) -> Vec<String> {
        let country = SHIPPING_COUNTRIES
            .iter()
            .find(|(code, _)| *code == self.country)
            .map_or(self.country.as_str(), |(_, name)| name);
        [
            self.name.clone(),
            self.line1.clone(),
            self.line2.clone(),
            format!("{} {}", self.postcode, self.city),
            country.to_owned(),
        ]
        .into_iter()
        .filter(|line| !line.trim().is_empty())
        .collect()
    }
}

/// A postcode as the post of the destination country writes them: five
/// digits in France, Germany and Spain, four in Belgium, Switzerland and
/// Luxembourg (which may be written `L-1234`).
fn postcode(text: &str, country: &str) -> Result<String, Invalid> {
    let code = text.trim().to_uppercase();
    if code.is_empty() {
        return Err(Invalid::new("le code postal est obligatoire"));
    }
    let digits = code.strip_prefix("L-").filter(|_| country.trim().eq_ignore_ascii_case("LU")).unwrap_or(&code);
    let expected = match country.trim().to_uppercase().as_str() {
        "FR" | "DE" | "ES" => Some(5),
        "BE" | "CH" | "LU" => Some(4),
        _ => None,
    };
    let well_formed = match expected {
        Some(len) => digits.len() == len && digits.bytes().all(|b| b.is_ascii_digit()),
        None => code.len() <= 10 && code.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-'),
    };
    match (well_formed, expected) {
        (true, _) => Ok(digits.to_owned()),
        (false, Some(len)) => {
            Err(Invalid::new(format!("« {} » n'est pas un code postal : {len} chiffres attendus", shorten(text))))
        }
        (false, None) => Err(Invalid::new(format!("« {} » n'est pas un code postal", shorten(text)))),
    }
}

fn country(text: &str) -> Result<String, Invalid> {
    let code = text.trim().to_uppercase();
    SHIPPING_COUNTRIES.iter().find(|(iso, _)| *iso == code).map(|(iso, _)| (*iso).to_owned()).ok_or_else(|| {
        Invalid::new(format!(
            "nous ne livrons pas encore « {} » (pays possibles : {})",
            shorten(text),
            SHIPPING_COUNTRIES.iter().map(|(_, name)| *name).collect::<Vec<_>>().join(", ")
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_numbers_read_back_as_typed() {
        let number = OrderNumber::from_bits(0xAB_CDEF_0123);
        assert_eq!(number.as_str().len(), 10);
        assert!(number.as_str().starts_with('E') && number.as_str().chars().nth(5) == Some('-'));
        assert_eq!(OrderNumber::parse(&number.as_str().to_lowercase().replace('-', "")), Ok(number.clone()));
        assert_eq!(OrderNumber::parse("eo1l1-2345"), OrderNumber::parse("E0111-2345"), "O, I and L are 0, 1, 1");
        for bad in ["", "X1234-5678", "E1234-567", "E1234-5678U", "E12#4-5678"] {
            assert!(OrderNumber::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn postcodes_follow_the_country() {
        assert_eq!(postcode(" 44000 ", "FR").unwrap(), "44000");
        assert_eq!(postcode("1000", "be").unwrap(), "1000");
        assert_eq!(postcode("L-1234", "LU").unwrap(), "1234");
        for (bad, country) in [("ABC", "FR"), ("7500", "FR"), ("750001", "FR"), ("10000", "BE"), ("", "DE")] {
            assert!(postcode(bad, country).is_err(), "{bad} {country}");
        }
    }

    #[test]
    fn labels_name_the_country_and_skip_empty_lines() {
        let address = ShippingAddress {
            name: "Inès Martin".into(),
            line1: "12 rue des Lilas".into(),
            line2: String::new(),
            postcode: "1000".into(),
            city: "Bruxelles".into(),
            country: "BE".into(),
        };
        assert_eq!(address.label_lines(), ["Inès Martin", "12 rue des Lilas", "1000 Bruxelles", "Belgique"]);
    }

    #[test]
    fn statuses_move_forward_only() {
        use OrderStatus::*;
        assert!(AwaitingPayment.can_become(Paid));
        assert!(AwaitingPayment.can_become(Expired));
        assert!(Paid.can_become(Shipped));
        assert!(!Shipped.can_become(Paid));
        assert!(!Expired.can_become(Paid), "an expired order's stock is already back on sale");
        for status in OrderStatus::ALL {
            assert_eq!(OrderStatus::parse(status.as_str()), Ok(status));
        }
    }

    #[test]
    fn addresses_are_checked_field_by_field() {
        let good = AddressFields {
            email: "Inès@Example.fr",
            name: "Inès Martin",
            line1: "12 rue des Lilas",
            line2: "",
            postcode: "44000",
            city: "Nantes",
            country: "fr",
        };
        let (email, address) = ShippingAddress::parse(&good).unwrap();
        assert_eq!(email.as_str(), "inès@example.fr");
        assert_eq!(address.country, "FR");
        let bad = AddressFields { email: "nope", name: " ", postcode: "44 000 !!", country: "JP", ..good };
        let errors = ShippingAddress::parse(&bad).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["email", "name", "postcode", "country"]);
        assert!(errors.get("country").unwrap().contains("France"));
    }

    #[test]
    fn carriers_link_their_own_tracking_page() {
        for carrier in Carrier::ALL {
            assert_eq!(Carrier::parse(carrier.as_str()).unwrap(), carrier);
        }
        assert!(Carrier::parse("pigeon").unwrap_err().to_string().contains("pigeon"));
        assert_eq!(
            Carrier::LaPoste.tracking_url("6A 123-45").as_deref(),
            Some("https://www.laposte.fr/outils/suivre-vos-envois?code=6A12345")
        );
        assert!(Carrier::Ups.tracking_url("1Z999").unwrap().ends_with("tracknum=1Z999"));
        assert_eq!(Carrier::Other.tracking_url("123"), None);
        assert_eq!(Carrier::Dhl.tracking_url(" - "), None, "nothing to follow");
    }
}
