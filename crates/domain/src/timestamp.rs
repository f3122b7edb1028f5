//! Points in time, stored as whole seconds since the Unix epoch (UTC) so every
//! database backend holds them the same way.

use time::OffsetDateTime;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

impl Timestamp {
    pub const fn from_unix(seconds: i64) -> Self {
        Self(seconds)
    }

    pub fn now() -> Self {
        Self(OffsetDateTime::now_utc().unix_timestamp())
    }

    pub const fn unix(self) -> i64 {
        self.0
    }

    fn datetime(self) -> OffsetDateTime {
        // Out-of-range values cannot come from echoppe itself; show them as the epoch
        // rather than failing a whole page over one date.
        OffsetDateTime::from_unix_timestamp(self.0).unwrap_or(OffsetDateTime::UNIX_EPOCH)
    }

    pub fn year(self) -> i32 {
        self.datetime().year()
    }

    /// `12 mars 2024`.
    pub fn format_fr(self) -> String {
        let date = self.datetime();
        let month = MONTHS_FR[usize::from(u8::from(date.month()) - 1)];
        format!("{} {month} {}", date.day(), date.year())
    }

    /// RFC 3339 in UTC, as the JSON API shows times: `2024-03-12T08:30:00Z`.
    pub fn rfc3339(self) -> String {
        let d = self.datetime();
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            d.year(),
            u8::from(d.month()),
            d.day(),
            d.hour(),
            d.minute(),
            d.second()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_dates_in_french() {
        // 2024-03-12T08:30:00Z
        let ts = Timestamp::from_unix(1_710_232_200);
        assert_eq!(ts.format_fr(), "12 mars 2024");
        assert_eq!(ts.year(), 2024);
        assert_eq!(ts.rfc3339(), "2024-03-12T08:30:00Z");
        assert_eq!(Timestamp::from_unix(1_723_075_200).format_fr(), "8 août 2024");
    }
}
