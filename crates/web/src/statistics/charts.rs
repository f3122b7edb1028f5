//! Charts drawn on the server as SVG, so the dashboards need no script and
//! read on a phone: the drawing scales to the width it is given, its text
//! stays legible, and every chart says in words what it shows
//! (`<title>` and `<desc>`) for screen readers.
//!
//! Colours and fonts come from the site's stylesheet (classes `chart-*`):
//! the pages' Content-Security-Policy allows no inline style.

use std::fmt::Write as _;

/// How values are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// One line per series (views, visits over time).
    Lines,
    /// One bar per point, for the first series (orders, revenue).
    Bars,
}

/// One series of values, one per label.
#[derive(Debug, Clone)]
pub(crate) struct Series {
    pub(crate) name: String,
    pub(crate) values: Vec<f64>,
    pub(crate) tone: Tone,
}

/// How a series is coloured (the stylesheet's `chart-tone-*`, and the
/// legend's `swatch--*`): the site's accent and a second, calm colour for
/// figures, and a green and a red that say good and bad — so "served" is
/// never drawn red and "refused" green.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tone {
    Accent,
    Calm,
    Good,
    Bad,
}

impl Tone {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Accent => "accent",
            Self::Calm => "calm",
            Self::Good => "good",
            Self::Bad => "bad",
        }
    }
}

/// Which points get a label along the bottom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ticks {
    /// A few, evenly spread, the first and the last always (days).
    Spread,
    /// Every `n`th point counted back from the last (seconds: 0, −15, −30…),
    /// so the steps are regular.
    EveryFromEnd(usize),
}

/// A chart: labels along the bottom, values up the side.
#[derive(Debug, Clone)]
pub(crate) struct Chart {
    pub(crate) title: String,
    pub(crate) kind: Kind,
    /// One per point, oldest first ("2 déc.").
    pub(crate) labels: Vec<String>,
    pub(crate) series: Vec<Series>,
    /// How the side's values read ("1 200", "35 €").
    pub(crate) format: fn(f64) -> String,
    /// The smallest step the side may take: 1 for counts, 100 for cents
    /// (so it never reads 0, 0, 1, 1, 2).
    pub(crate) unit: f64,
    pub(crate) ticks: Ticks,
}

// Drawn small and scaled up: on a phone the chart is some 340 pixels wide,
// and its 15-unit text still reads at about 10 pixels.
const WIDTH: f64 = 480.0;
const HEIGHT: f64 = 220.0;
const LEFT: f64 = 68.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 14.0;
const BOTTOM: f64 = 32.0;
/// Horizontal grid lines above zero.
const STEPS: u32 = 4;
/// Labels along the bottom at most, so they never overlap on a phone.
const MOST_LABELS: usize = 5;

/// The top of the side for values up to `highest`: [`STEPS`] steps of a
/// "round" size (1, 2 or 5 times a power of ten, 2.5 from 25 up) and at
/// least `unit`, so it reads 0, 250, 500, 750, 1 000 rather than 0, 231…
fn top_for(highest: f64, unit: f64) -> f64 {
    let wanted = if highest.is_finite() && highest > 0.0 { highest / f64::from(STEPS) / unit } else { 0.0 };
    if wanted <= 1.0 {
        return unit * f64::from(STEPS);
    }
    let magnitude = 10_f64.powf(wanted.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .filter(|step| **step != 2.5 || magnitude >= 10.0)
        .map(|step| step * magnitude)
        .find(|step| *step >= wanted)
        .unwrap_or(wanted);
    step * unit * f64::from(STEPS)
}

/// Room a label needs beside the last one, which ends at the right edge.
const LABEL_ROOM: f64 = 80.0;

/// Which of `points` labels to show, `spacing` apart: at most
/// [`MOST_LABELS`], evenly spread, the first and the last always (the last
/// replacing its neighbour when they would overlap).
fn label_positions(points: usize, spacing: f64) -> Vec<usize> {
    if points == 0 {
        return Vec::new();
    }
    let every = points.div_ceil(MOST_LABELS).max(1);
    let mut shown: Vec<usize> = (0..points).step_by(every).collect();
    let last = points - 1;
    match shown.last() {
        Some(&at) if at == last => {}
        Some(&at) if (last - at) as f64 * spacing >= LABEL_ROOM => shown.push(last),
        _ => {
            shown.pop();
            shown.push(last);
        }
    }
    shown.dedup();
    shown
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

impl Chart {
    /// The chart as an `<svg>` element.
    pub(crate) fn render(&self) -> String {
        let points = self.labels.len();
        let top = top_for(self.series.iter().flat_map(|s| s.values.iter().copied()).fold(0.0, f64::max), self.unit);
        let plot_width = WIDTH - LEFT - RIGHT;
        let plot_height = HEIGHT - TOP - BOTTOM;
        let x = |i: usize| {
            if points <= 1 { LEFT + plot_width / 2.0 } else { LEFT + plot_width * i as f64 / (points - 1) as f64 }
        };
        let y = |value: f64| TOP + plot_height * (1.0 - (value / top).clamp(0.0, 1.0));
        let empty = self.series.iter().all(|s| s.values.iter().all(|v| *v == 0.0));

        let mut svg = String::with_capacity(4096);
        let summary = self.summary();
        let _ = write!(
            svg,
            "<svg class=\"chart\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" \
             xmlns=\"http://www.w3.org/2000/svg\"><title id=\"{id}-t\">{title}</title><desc id=\"{id}-d\">{desc}</desc>",
            id = self.id(),
            title = escape(&self.title),
            desc = escape(&summary),
        );
        // The side: grid lines and their values.
        for step in 0..=STEPS {
            let value = top * f64::from(step) / f64::from(STEPS);
            let at = y(value);
            let _ = write!(
                svg,
                "<line class=\"chart-grid\" x1=\"{LEFT}\" y1=\"{at:.1}\" x2=\"{:.1}\" y2=\"{at:.1}\"/>\
                 <text class=\"chart-label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
                WIDTH - RIGHT,
                LEFT - 6.0,
                at + 4.0,
                escape(&(self.format)(value)),
            );
        }
        // The bottom: a few labels.
        let spacing = if points > 1 { plot_width / (points - 1) as f64 } else { 0.0 };
        let shown = match self.ticks {
            Ticks::Spread => label_positions(points, spacing),
            Ticks::EveryFromEnd(every) => {
                let every = every.max(1);
                (0..points).filter(|i| (points - 1 - i).is_multiple_of(every)).collect()
            }
        };
        for i in shown {
            let anchor = match i {
                _ if points == 1 => "middle",
                0 => "start",
                i if i == points - 1 => "end",
                _ => "middle",
            };
            let _ = write!(
                svg,
                "<text class=\"chart-label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{}</text>",
                x(i),
                HEIGHT - 10.0,
                escape(&self.labels[i]),
            );
        }
        if empty {
            let _ = write!(
                svg,
                "<text class=\"chart-empty\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">Rien sur cette période</text>",
                LEFT + plot_width / 2.0,
                TOP + plot_height / 2.0,
            );
        } else {
            match self.kind {
                Kind::Lines => self.lines(&mut svg, &x, &y),
                Kind::Bars => self.bars(&mut svg, plot_width, &y),
            }
        }
        svg.push_str("</svg>");
        svg
    }

    fn lines(&self, svg: &mut String, x: &dyn Fn(usize) -> f64, y: &dyn Fn(f64) -> f64) {
        for (number, series) in self.series.iter().enumerate() {
            // The second series is dashed, so two equal series both show.
            let dashed = if number > 0 { " chart-line--dashed" } else { "" };
            let class = format!("chart-line chart-tone-{}{dashed}", series.tone.as_str());
            if series.values.len() == 1 {
                // One day: a dot, not an invisible line.
                let _ = write!(
                    svg,
                    "<circle class=\"{class}\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\"/>",
                    x(0),
                    y(series.values[0])
                );
                continue;
            }
            let path: Vec<String> =
                series.values.iter().enumerate().map(|(i, v)| format!("{:.1},{:.1}", x(i), y(*v))).collect();
            let _ = write!(svg, "<polyline class=\"{class}\" fill=\"none\" points=\"{}\"/>", path.join(" "));
        }
    }

    fn bars(&self, svg: &mut String, plot_width: f64, y: &dyn Fn(f64) -> f64) {
        let Some(series) = self.series.first() else { return };
        let tone = series.tone.as_str();
        let slot = plot_width / series.values.len().max(1) as f64;
        let width = (slot * 0.7).max(1.0);
        for (i, value) in series.values.iter().enumerate() {
            let top = y(*value);
            let _ = write!(
                svg,
                "<rect class=\"chart-bar chart-tone-{tone}\" x=\"{:.1}\" y=\"{top:.1}\" width=\"{width:.1}\" height=\"{:.1}\"/>",
                LEFT + slot * i as f64 + (slot - width) / 2.0,
                (y(0.0) - top).max(0.0),
            );
        }
    }

    /// What the chart shows, in words.
    fn summary(&self) -> String {
        let (Some(first), Some(last)) = (self.labels.first(), self.labels.last()) else {
            return format!("{} : aucune donnée.", self.title);
        };
        let totals: Vec<String> =
            self.series.iter().map(|s| format!("{} {}", s.name, (self.format)(s.values.iter().sum()))).collect();
        format!("{}, du {first} au {last} : {} au total.", self.title, totals.join(", "))
    }

    /// An id for the chart's title and description, from its title.
    fn id(&self) -> String {
        let slug: String =
            self.title.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).take(24).collect();
        format!("chart-{slug}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(value: f64) -> String {
        format!("{value:.0}")
    }

    fn chart(kind: Kind, days: usize, value: impl Fn(usize) -> f64) -> Chart {
        Chart {
            title: "Vues".into(),
            kind,
            labels: (0..days).map(|d| format!("j{d}")).collect(),
            series: vec![Series { name: "vues".into(), values: (0..days).map(value).collect(), tone: Tone::Accent }],
            format: whole,
            unit: 1.0,
            ticks: Ticks::Spread,
        }
    }

    #[test]
    fn the_side_reads_in_round_numbers() {
        assert_eq!(top_for(0.0, 1.0), 4.0, "nothing: 0 to 4, one by one");
        assert_eq!(top_for(2.0, 1.0), 4.0);
        assert_eq!(top_for(7.0, 1.0), 8.0, "steps of 2");
        assert_eq!(top_for(231.0, 1.0), 400.0, "steps of 100");
        assert_eq!(top_for(900.0, 1.0), 1_000.0, "steps of 250");
        assert_eq!(top_for(150.0, 100.0), 400.0, "cents: whole euros");
    }

    #[test]
    fn labels_are_few_and_include_both_ends() {
        assert_eq!(label_positions(0, 0.0), Vec::<usize>::new());
        assert_eq!(label_positions(1, 0.0), [0]);
        assert_eq!(label_positions(7, 68.0), [0, 2, 4, 6]);
        assert_eq!(label_positions(30, 14.0), [0, 6, 12, 18, 29], "29 too close to 24: it takes its place");
        let year = label_positions(365, 1.1);
        assert!(year.len() <= MOST_LABELS + 1 && year[0] == 0 && year.last() == Some(&364), "{year:?}");
    }

    #[test]
    fn an_empty_period_says_so() {
        let svg = chart(Kind::Lines, 7, |_| 0.0).render();
        assert!(svg.contains("Rien sur cette période"), "{svg}");
        assert!(!svg.contains("<polyline"));
        let none = Chart { labels: Vec::new(), series: Vec::new(), ..chart(Kind::Bars, 0, |_| 0.0) }.render();
        assert!(none.contains("aucune donnée") && none.ends_with("</svg>"), "{none}");
    }

    #[test]
    fn a_single_day_is_a_dot_and_a_bar() {
        let svg = chart(Kind::Lines, 1, |_| 12.0).render();
        assert!(svg.contains("<circle") && svg.contains(">j0<"), "{svg}");
        let svg = chart(Kind::Bars, 1, |_| 12.0).render();
        assert_eq!(svg.matches("<rect").count(), 1, "{svg}");
        assert!(svg.contains("du j0 au j0 : vues 12 au total"), "{svg}");
    }

    #[test]
    fn a_year_keeps_its_labels_apart_and_draws_every_day() {
        let svg = chart(Kind::Bars, 365, |d| (d % 30) as f64).render();
        assert_eq!(svg.matches("<rect").count(), 365);
        let labels = svg.matches("text-anchor=\"middle\">j").count()
            + svg.matches("text-anchor=\"start\">j").count()
            + svg.matches("text-anchor=\"end\">j").count();
        assert!((2..=MOST_LABELS + 1).contains(&labels), "{labels} labels along the bottom");
        assert!(svg.contains(">j0<") && svg.contains(">j364<"), "first and last day named");
        let line = chart(Kind::Lines, 365, |d| d as f64).render();
        assert_eq!(line.matches("<polyline").count(), 1);
    }

    #[test]
    fn text_is_escaped() {
        let mut chart = chart(Kind::Lines, 2, |d| d as f64);
        chart.title = "<script>".into();
        let svg = chart.render();
        assert!(!svg.contains("<script>") && svg.contains("&lt;script&gt;"));
    }

    #[test]
    fn seconds_are_labelled_at_regular_steps_from_now() {
        let mut seconds = chart(Kind::Lines, 60, |s| s as f64);
        seconds.labels = (0..60).map(|i| format!("{} s", i as i64 - 59)).collect();
        seconds.ticks = Ticks::EveryFromEnd(15);
        let svg = seconds.render();
        let labels: Vec<&str> =
            svg.split("class=\"chart-label\"").skip(1).filter_map(|t| t.split('>').nth(1)).collect();
        let bottom: Vec<&str> =
            labels.iter().filter(|l| l.ends_with(" s</text")).map(|l| l.trim_end_matches("</text")).collect();
        assert_eq!(bottom, ["-45 s", "-30 s", "-15 s", "0 s"]);
    }

    #[test]
    fn series_are_coloured_by_their_tone() {
        let mut served = chart(Kind::Lines, 3, |d| d as f64);
        served.series.push(Series { name: "refusées".into(), values: vec![0.0, 1.0, 0.0], tone: Tone::Bad });
        served.series[0].tone = Tone::Good;
        let svg = served.render();
        assert!(
            svg.contains("chart-line chart-tone-good\"") && svg.contains("chart-tone-bad chart-line--dashed"),
            "{svg}"
        );
    }
}
