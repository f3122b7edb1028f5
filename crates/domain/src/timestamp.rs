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

    /// `wait` later (whole seconds), saturating rather than overflowing.
    pub fn after(self, wait: std::time::Duration) -> Self {
        Self(self.0.saturating_add(i64::try_from(wait.as_secs()).unwrap_or(i64::MAX)))
    }

    /// `wait` earlier (whole seconds), saturating rather than overflowing.
    pub fn before(self, wait: std::time::Duration) -> Self {
        Self(self.0.saturating_sub(i64::try_from(wait.as_secs()).unwrap_or(i64::MAX)))
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

    /// `2 déc.`: a day on a chart's axis, where room is short.
    pub fn format_fr_short(self) -> String {
        const MONTHS: [&str; 12] =
            ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."];
        let date = self.datetime();
        format!("{} {}", date.day(), MONTHS[usize::from(u8::from(date.month()) - 1)])
    }

    /// `2026-12-02` (UTC): a day in a file meant for spreadsheets.
    pub fn iso_date(self) -> String {
        let date = self.datetime();
        format!("{:04}-{:02}-{:02}", date.year(), u8::from(date.month()), date.day())
    }

    /// `1 décembre 2026 à 22 h 05`, in French time (CET, or CEST in
    /// summer): buyers read deadlines on their own clock.
    pub fn format_fr_time(self) -> String {
        let local = self.datetime().to_offset(paris_offset(self.0));
        let month = MONTHS_FR[usize::from(u8::from(local.month()) - 1)];
        format!("{} {month} {} à {} h {:02}", local.day(), local.year(), local.hour(), local.minute())
    }

    /// `22:05:07`, in French time: when a live figure was read.
    pub fn format_fr_clock(self) -> String {
        let local = self.datetime().to_offset(paris_offset(self.0));
        format!("{:02}:{:02}:{:02}", local.hour(), local.minute(), local.second())
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

/// France's offset from UTC at `unix`: +2 h from the last Sunday of March to
/// the last Sunday of October (changing at 01:00 UTC, the EU rule), +1 h
/// otherwise.
fn paris_offset(unix: i64) -> time::UtcOffset {
    let utc = OffsetDateTime::from_unix_timestamp(unix).unwrap_or(OffsetDateTime::UNIX_EPOCH);
    let last_sunday_0100 = |month: time::Month| {
        let last_day = time::Date::from_calendar_date(utc.year(), month, 31).ok();
        last_day.map(|day| {
            let back = i64::from(day.weekday().number_days_from_sunday());
            (day - time::Duration::days(back)).midnight().assume_utc() + time::Duration::hours(1)
        })
    };
    let summer = match (last_sunday_0100(time::Month::March), last_sunday_0100(time::Month::October)) {
        (Some(start), Some(end)) => utc >= start && utc < end,
        _ => false,
    };
    time::UtcOffset::from_hms(if summer { 2 } else { 1 }, 0, 0).unwrap_or(time::UtcOffset::UTC)
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

    #[test]
    fn durations_move_a_time_without_overflowing() {
        let day = std::time::Duration::from_secs(86_400);
        assert_eq!(Timestamp::from_unix(100).after(day).unix(), 86_500);
        assert_eq!(Timestamp::from_unix(100).before(day).unix(), -86_300);
        assert_eq!(Timestamp::from_unix(i64::MAX - 1).after(day).unix(), i64::MAX);
        assert_eq!(Timestamp::from_unix(0).after(std::time::Duration::MAX).unix(), i64::MAX);
    }

    #[test]
    fn deadlines_read_on_french_clocks() {
        // 2026-12-01 21:05 UTC is 22:05 in Paris (winter).
        assert_eq!(Timestamp::from_unix(1_796_159_100).format_fr_time(), "1 décembre 2026 à 22 h 05");
        // 2026-07-14 10:00 UTC is noon (summer).
        assert_eq!(Timestamp::from_unix(1_784_023_200).format_fr_time(), "14 juillet 2026 à 12 h 00");
        // 2026-03-29 00:59 UTC is still winter; 01:00 UTC is summer.
        assert_eq!(Timestamp::from_unix(1_774_745_940).format_fr_time(), "29 mars 2026 à 1 h 59");
        assert_eq!(Timestamp::from_unix(1_774_746_000).format_fr_time(), "29 mars 2026 à 3 h 00");
    }
}
