//! `/sell/stats`: a seller's figures over the last 7, 30 or 365 days —
//! views, visits, favourites, orders, revenue and conversion as charts,
//! the listings most looked at, the searches that brought buyers — and the
//! same figures day by day as CSV (`/sell/stats.csv`).
//!
//! Days are UTC days, as the roll-ups are. A year is charted by week, so its
//! bars stay wide enough to read on a phone.

use super::Seller;
use crate::error::{Error, PageError};
use crate::params::Params;
use crate::state::AppState;
use crate::statistics::charts::{Chart, Kind, Series, Ticks, Tone};
use crate::views::Layout;
use askama::Template;
use axum::extract::State;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use echoppe_domain::{Invalid, Money, ShopId, Timestamp, group_digits, listing_url};
use echoppe_storage::{DayFigures, ListingFigures, TermFigures};
use std::fmt::Write as _;

const DAY: i64 = 86_400;
/// Listings and search terms listed.
const TOP: u32 = 10;

/// The periods a seller can look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Period(u32);

impl Period {
    const CHOICES: [u32; 3] = [7, 30, 365];

    pub(crate) fn parse(text: &str) -> Result<Self, Invalid> {
        text.parse::<u32>()
            .ok()
            .filter(|days| Self::CHOICES.contains(days))
            .map(Self)
            .ok_or_else(|| Invalid::new(format!("« {text} » : période de 7, 30 ou 365 jours attendue")))
    }

    pub(crate) fn days(self) -> u32 {
        self.0
    }

    /// The period from the `period` parameter, 30 days if absent.
    pub(crate) fn from_params(params: &Params) -> Result<Self, Error> {
        Ok(params.parse("period", Self::parse)?.unwrap_or(Self(30)))
    }
}

/// A shop's figures over a period, day by day, with what sums them up.
#[derive(Debug)]
pub(crate) struct Figures {
    pub(crate) period: Period,
    /// One per day of the period, oldest first; days without a row are zero.
    pub(crate) days: Vec<DayFigures>,
    /// Distinct visitors over the whole period.
    pub(crate) visitors: u64,
    pub(crate) listings: Vec<ListingFigures>,
    pub(crate) terms: Vec<TermFigures>,
    /// Days with hours whose browser figures were sampled or dropped.
    pub(crate) sampled_days: Vec<i64>,
}

impl Figures {
    pub(crate) async fn of(state: &AppState, shop: ShopId, period: Period) -> Result<Self, Error> {
        let today = Timestamp::now().unix().div_euclid(DAY);
        let first = today - i64::from(period.days()) + 1;
        let stored = state.db.shop_days(shop, first, today).await?;
        let mut days: Vec<DayFigures> =
            (first..=today).map(|day| DayFigures { day, ..DayFigures::default() }).collect();
        for figures in stored {
            if let Some(slot) = usize::try_from(figures.day - first).ok().and_then(|at| days.get_mut(at)) {
                *slot = figures;
            }
        }
        let gaps = state.db.statistics_gaps(first * 24, today * 24 + 23).await?;
        let mut sampled_days: Vec<i64> = gaps.iter().map(|hour| hour.div_euclid(24)).collect();
        sampled_days.extend(days.iter().filter(|d| d.sampled).map(|d| d.day));
        sampled_days.sort_unstable();
        sampled_days.dedup();
        Ok(Self {
            period,
            days,
            visitors: state.db.shop_visitors(shop, first, today).await?,
            listings: state.db.top_listings(shop, first, today, TOP).await?,
            terms: state.db.top_terms(shop, first, today, TOP).await?,
            sampled_days,
        })
    }

    pub(crate) fn total(&self, of: impl Fn(&DayFigures) -> u64) -> u64 {
        self.days.iter().map(of).sum()
    }

    pub(crate) fn revenue_cents(&self) -> i64 {
        self.days.iter().map(|d| d.tally.revenue_cents).sum()
    }

    /// Whether browser figures of `day` were sampled or dropped.
    pub(crate) fn sampled(&self, day: i64) -> bool {
        self.sampled_days.binary_search(&day).is_ok()
    }

    /// Points to chart: days, or weeks for a year.
    fn buckets(&self) -> Vec<(String, Vec<&DayFigures>)> {
        let width = if self.period.days() > 31 { 7 } else { 1 };
        self.days
            .chunks(width)
            .map(|chunk| {
                let label = Timestamp::from_unix(chunk[0].day * DAY).format_fr_short();
                (label, chunk.iter().collect())
            })
            .collect()
    }

    fn chart(&self, title: &str, kind: Kind, series: &[(&str, DayValue)], money: bool) -> (String, String) {
        let buckets = self.buckets();
        let (format, unit): (fn(f64) -> String, f64) = if money { (euros, 100.0) } else { (count, 1.0) };
        let svg = Chart {
            title: title.to_owned(),
            kind,
            labels: buckets.iter().map(|(label, _)| label.clone()).collect(),
            series: series
                .iter()
                .enumerate()
                .map(|(number, (name, value))| Series {
                    name: (*name).to_owned(),
                    values: buckets.iter().map(|(_, days)| days.iter().map(|d| value(d)).sum()).collect(),
                    tone: if number == 0 { Tone::Accent } else { Tone::Calm },
                })
                .collect(),
            format,
            unit,
            ticks: Ticks::Spread,
        }
        .render();
        (title.to_owned(), svg)
    }
}

/// What a chart's series reads from each day.
type DayValue = fn(&DayFigures) -> f64;

fn count(value: f64) -> String {
    group_digits(value.round() as i64)
}

fn euros(cents: f64) -> String {
    let euros = (cents / 100.0).round() as i64;
    format!("{} €", group_digits(euros))
}

/// The conversion, one definition for the shop and for each listing (and
/// the API): orders per hundred views of the listings' pages, robots apart.
/// Visits would read better for the shop, but a listing has no visits of
/// its own, and two figures called "conversion" that disagree on the same
/// page (100 % against 50 %) mislead more than they tell.
pub(crate) fn conversion_percent(orders: u64, views: u64) -> Option<f64> {
    (views > 0).then(|| (orders as f64 * 1000.0 / views as f64).round() / 10.0)
}

/// The conversion as the page shows it, with one decimal.
fn rate(orders: u64, views: u64) -> String {
    match conversion_percent(orders, views) {
        None => "—".to_owned(),
        Some(percent) => format!("{percent:.1} %").replace('.', ","),
    }
}

struct Total {
    label: &'static str,
    value: String,
}

struct ListingRow {
    title: String,
    url: Option<String>,
    views: String,
    favourites: String,
    orders: String,
    revenue: String,
    conversion: String,
}

struct PeriodLink {
    label: String,
    url: String,
    current: bool,
}

#[derive(Template)]
#[template(path = "sell/stats.html")]
struct StatsPage {
    layout: Layout,
    periods: Vec<PeriodLink>,
    totals: Vec<Total>,
    /// Each chart's title and drawing.
    charts: Vec<(String, String)>,
    listings: Vec<ListingRow>,
    terms: Vec<(String, String)>,
    sampled: Option<String>,
    csv: String,
    period_days: u32,
}

pub(crate) async fn dashboard(
    State(state): State<AppState>,
    seller: Seller,
    params: Params,
) -> Result<Html<String>, PageError> {
    let period = Period::from_params(&params)?;
    let figures = Figures::of(&state, seller.shop.id, period).await?;
    let visits = figures.total(|d| d.visits);
    let views = figures.total(|d| d.tally.views);
    let orders = figures.total(|d| d.tally.orders);
    let totals = vec![
        Total { label: "Vues", value: group_digits(to_i64(views)) },
        Total { label: "Visites", value: group_digits(to_i64(visits)) },
        Total { label: "Visiteurs", value: group_digits(to_i64(figures.visitors)) },
        Total { label: "Favoris", value: group_digits(to_i64(figures.total(|d| d.tally.favourites))) },
        Total { label: "Commandes", value: group_digits(to_i64(orders)) },
        Total {
            label: "Chiffre d'affaires",
            value: Money::euros(figures.revenue_cents()).map(Money::format_fr).unwrap_or_default(),
        },
        Total { label: "Conversion", value: rate(orders, views) },
    ];
    let charts = vec![
        figures.chart(
            "Vues et visites",
            Kind::Lines,
            &[("vues", |d| d.tally.views as f64), ("visites", |d| d.visits as f64)],
            false,
        ),
        figures.chart("Commandes", Kind::Bars, &[("commandes", |d| d.tally.orders as f64)], false),
        figures.chart(
            "Chiffre d'affaires",
            Kind::Bars,
            &[("chiffre d'affaires", |d| d.tally.revenue_cents as f64)],
            true,
        ),
    ];
    let listings = figures
        .listings
        .iter()
        .map(|l| ListingRow {
            title: l.title.clone().unwrap_or_else(|| "(création supprimée)".to_owned()),
            url: l.title.as_ref().map(|title| listing_url(l.listing, title)),
            views: group_digits(to_i64(l.tally.views)),
            favourites: group_digits(to_i64(l.tally.favourites)),
            orders: group_digits(to_i64(l.tally.orders)),
            revenue: Money::euros(l.tally.revenue_cents).map(Money::format_fr).unwrap_or_default(),
            conversion: rate(l.tally.orders, l.tally.views),
        })
        .collect();
    let terms = figures.terms.iter().map(|t| (t.term.clone(), group_digits(to_i64(t.views)))).collect();
    let sampled = (!figures.sampled_days.is_empty()).then(|| {
        let days: Vec<String> =
            figures.sampled_days.iter().map(|day| Timestamp::from_unix(day * DAY).format_fr_short()).collect();
        format!(
            "Le site était très chargé le {} : une partie des statistiques envoyées par les navigateurs \
             (vues depuis le cache, apparitions dans les listes) a été échantillonnée ou écartée. \
             Commandes et favoris sont toujours comptés en entier.",
            days.join(", ")
        )
    });
    let view = StatsPage {
        layout: Layout::new(&state, "Statistiques", "Les chiffres de votre boutique.", None)
            .for_visitor(&seller.signed_in.visitor)
            .await?,
        periods: Period::CHOICES
            .iter()
            .map(|days| PeriodLink {
                label: if *days == 365 { "1 an".to_owned() } else { format!("{days} jours") },
                url: format!("/sell/stats?period={days}"),
                current: *days == period.days(),
            })
            .collect(),
        totals,
        charts,
        listings,
        terms,
        sampled,
        csv: format!("/sell/stats.csv?period={}", period.days()),
        period_days: period.days(),
    };
    Ok(Html(view.render()?))
}

fn to_i64(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

/// The figures day by day, for a spreadsheet.
pub(crate) async fn csv(State(state): State<AppState>, seller: Seller, params: Params) -> Result<Response, PageError> {
    let period = Period::from_params(&params)?;
    let figures = Figures::of(&state, seller.shop.id, period).await?;
    let mut csv = String::from(
        "date,vues,visites,visiteurs,favoris,ajouts_au_panier,commandes,chiffre_affaires_euros,vues_robots,echantillonne\n",
    );
    for day in &figures.days {
        let t = &day.tally;
        let sampled = figures.sampled(day.day);
        let _ = writeln!(
            csv,
            "{},{},{},{},{},{},{},{}.{:02},{},{}",
            Timestamp::from_unix(day.day * DAY).iso_date(),
            t.views,
            day.visits,
            day.visitors,
            t.favourites,
            t.cart_adds,
            t.orders,
            t.revenue_cents.div_euclid(100),
            t.revenue_cents.rem_euclid(100),
            t.bot_views,
            u8::from(sampled),
        );
    }
    let name = format!("attachment; filename=\"statistiques-{}-{}j.csv\"", seller.shop.slug, period.days());
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, name)], csv)
        .into_response())
}
