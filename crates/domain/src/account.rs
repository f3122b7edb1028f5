//! People with an account: what they type to sign up, and what the rest of
//! echoppe knows about them afterwards.

use crate::paging::shorten;
use crate::{Invalid, Timestamp, UserId};
use std::fmt;

/// An e-mail address, trimmed and lower-cased so that one address is one
/// account however it is typed. Checked for shape only: whether it receives
/// mail is for a confirmation message to tell.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    /// RFC 5321's limit on a forward path.
    pub const MAX_LEN: usize = 254;

    pub fn parse(text: &str) -> Result<Self, Invalid> {
        let address = text.trim().to_lowercase();
        let refuse =
            |why: &str| Invalid::new(format!("« {} » n'est pas une adresse e-mail valide : {why}", shorten(text)));
        if address.is_empty() {
            return Err(Invalid::new("l'adresse e-mail est obligatoire"));
        }
        if address.chars().count() > Self::MAX_LEN {
            return Err(refuse(&format!("{} caractères au plus", Self::MAX_LEN)));
        }
        if address.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ',' | ';' | '"')) {
            return Err(refuse("elle ne peut contenir ni espace ni < > , ; \""));
        }
        let Some((local, domain)) = address.split_once('@') else {
            return Err(refuse("il manque le @"));
        };
        if local.is_empty() || domain.contains('@') {
            return Err(refuse("une adresse a la forme nom@domaine.fr"));
        }
        let labels_ok =
            domain.split('.').all(|label| !label.is_empty() && !label.starts_with('-') && !label.ends_with('-'));
        if !domain.contains('.') || !labels_ok {
            return Err(refuse("le domaine après le @ est incomplet"));
        }
        Ok(Self(address))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The name shown beside a person's shop and reviews.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    pub const MAX_CHARS: usize = 80;

    pub fn parse(text: &str) -> Result<Self, Invalid> {
        let name = text.trim();
        if name.is_empty() {
            return Err(Invalid::new("le nom est obligatoire"));
        }
        if name.chars().count() > Self::MAX_CHARS {
            return Err(Invalid::new(format!("le nom fait au plus {} caractères", Self::MAX_CHARS)));
        }
        if name.chars().any(char::is_control) {
            return Err(Invalid::new("le nom ne peut pas contenir de caractères de contrôle"));
        }
        Ok(Self(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A password as typed, kept only long enough to hash or verify it. Its
/// `Debug` never shows it, so it cannot leak into a log line.
#[derive(Clone)]
pub struct Password(String);

impl Password {
    /// NIST SP 800-63B: at least 8 characters, and accept long passphrases.
    pub const MIN_CHARS: usize = 8;
    pub const MAX_CHARS: usize = 128;

    /// A password chosen at sign-up: the length rules apply.
    pub fn new_choice(text: &str) -> Result<Self, Invalid> {
        let chars = text.chars().count();
        if chars < Self::MIN_CHARS {
            return Err(Invalid::new(format!("le mot de passe fait au moins {} caractères", Self::MIN_CHARS)));
        }
        if chars > Self::MAX_CHARS {
            return Err(Invalid::new(format!("le mot de passe fait au plus {} caractères", Self::MAX_CHARS)));
        }
        Ok(Self(text.to_owned()))
    }

    /// A password typed to sign in: any text is checked against the hash, but
    /// an absurdly long one is refused before it costs a hash.
    pub fn attempt(text: &str) -> Result<Self, Invalid> {
        if text.is_empty() {
            return Err(Invalid::new("le mot de passe est obligatoire"));
        }
        if text.chars().count() > Self::MAX_CHARS {
            return Err(Invalid::new("e-mail ou mot de passe incorrect"));
        }
        Ok(Self(text.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(…)")
    }
}

/// What a person may do. Every account can buy; a seller has opened a shop; an
/// admin runs the marketplace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Buyer,
    Seller,
    Admin,
}

impl Role {
    pub fn parse(text: &str) -> Result<Self, Invalid> {
        match text {
            "buyer" => Ok(Self::Buyer),
            "seller" => Ok(Self::Seller),
            "admin" => Ok(Self::Admin),
            other => Err(Invalid::new(format!("rôle inconnu « {} »", shorten(other)))),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Buyer => "buyer",
            Self::Seller => "seller",
            Self::Admin => "admin",
        }
    }

    pub fn label_fr(self) -> &'static str {
        match self {
            Self::Buyer => "acheteur",
            Self::Seller => "vendeur",
            Self::Admin => "administrateur",
        }
    }
}

/// A signed-up person as the rest of echoppe sees them (never their password hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: UserId,
    pub email: Email,
    pub display_name: String,
    pub role: Role,
    pub created_at: Timestamp,
}

impl Account {
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised() {
        assert_eq!(Email::parse("  Margaux.Leroy@Example.FR ").unwrap().as_str(), "margaux.leroy@example.fr");
        assert!(Email::parse("a+tag@sub.example.org").is_ok());
    }

    #[test]
    fn malformed_emails_are_refused_with_a_reason() {
        for (bad, reason) in [
            ("", "obligatoire"),
            ("margaux", "il manque le @"),
            ("@example.fr", "nom@domaine"),
            ("a@b@example.fr", "nom@domaine"),
            ("a@localhost", "incomplet"),
            ("a@example..fr", "incomplet"),
            ("a b@example.fr", "espace"),
            ("<script>@x.fr", "espace"),
        ] {
            let err = Email::parse(bad).unwrap_err().to_string();
            assert!(err.contains(reason), "{bad:?}: {err}");
        }
        assert!(Email::parse(&format!("{}@example.fr", "a".repeat(250))).is_err());
    }

    #[test]
    fn display_names_are_trimmed_and_bounded() {
        assert_eq!(DisplayName::parse("  Margaux ").unwrap().as_str(), "Margaux");
        assert!(DisplayName::parse("   ").is_err());
        assert!(DisplayName::parse(&"é".repeat(80)).is_ok());
        assert!(DisplayName::parse(&"é".repeat(81)).is_err());
        assert!(DisplayName::parse("a\u{0}b").is_err());
    }

    #[test]
    fn password_rules_apply_to_choices_not_attempts() {
        assert!(Password::new_choice("court").is_err());
        assert!(Password::new_choice("assez long").is_ok());
        assert!(Password::new_choice(&"x".repeat(129)).is_err());
        assert!(Password::attempt("court").is_ok());
        assert!(Password::attempt("").is_err());
    }

    #[test]
    fn passwords_never_print() {
        let password = Password::new_choice("secret-du-jour").unwrap();
        assert_eq!(format!("{password:?}"), "Password(…)");
    }

    #[test]
    fn roles_round_trip() {
        for role in [Role::Buyer, Role::Seller, Role::Admin] {
            assert_eq!(Role::parse(role.as_str()), Ok(role));
        }
        assert!(Role::parse("root").is_err());
    }
}
