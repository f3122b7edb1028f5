//! Query-string parameters, parsed one by one so that a bad one is reported
//! by name.
//!
//! axum's `Query<T>` rejects a whole query with a serde message ("invalid digit
//! found in string") that names neither the parameter nor the value. Here every
//! parameter is read as text (decoding never fails: invalid UTF-8 becomes U+FFFD)
//! and then parsed into its domain type, so the 400 can say which one and why.

use crate::error::Error;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use echoppe_domain::Invalid;
use std::convert::Infallible;

#[derive(Debug, Default)]
pub(crate) struct Params(Vec<(String, String)>);

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        Ok(Self(form_urlencoded::parse(query.as_bytes()).into_owned().collect()))
    }
}

impl Params {
    /// The value of `name`, if given and not empty (an empty form field means "not set").
    /// When a parameter is repeated, the last one wins, as in most frameworks.
    pub(crate) fn text(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
            .filter(|value| !value.trim().is_empty())
    }

    /// Every non-empty value of a repeated parameter (`material=a&material=b`),
    /// in order; at most 20, since each becomes a filter.
    pub(crate) fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(key, value)| key == name && !value.trim().is_empty())
            .map(|(_, value)| value.as_str())
            .take(20)
    }

    /// Parses `name` with `parse`, reporting failures against that name.
    pub(crate) fn parse<T>(
        &self,
        name: &'static str,
        parse: impl FnOnce(&str) -> Result<T, Invalid>,
    ) -> Result<Option<T>, Error> {
        self.text(name).map(|text| parse(text.trim()).map_err(|e| Error::bad(name, e))).transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use echoppe_domain::PageNumber;

    fn params(query: &str) -> Params {
        Params(form_urlencoded::parse(query.as_bytes()).into_owned().collect())
    }

    #[test]
    fn reads_decoded_values_and_ignores_empty_ones() {
        let p = params("q=bague%20dor%C3%A9e&page=&sort=price_asc&sort=newest");
        assert_eq!(p.text("q"), Some("bague dorée"));
        assert_eq!(p.text("page"), None);
        assert_eq!(p.text("sort"), Some("newest"));
        assert_eq!(p.text("missing"), None);
    }

    #[test]
    fn names_the_parameter_at_fault() {
        let err = params("page=-2").parse("page", PageNumber::parse).unwrap_err();
        match err {
            Error::BadRequest { param, message } => {
                assert_eq!(param, "page");
                assert!(message.contains("-2"), "{message}");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn survives_invalid_utf8() {
        let p = params("q=%FF%FE");
        assert_eq!(p.text("q"), Some("\u{fffd}\u{fffd}"));
    }
}
