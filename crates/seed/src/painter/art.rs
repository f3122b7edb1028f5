//! Art: framed pictures of every kind, sculptures.

use super::*;

/// A picture's rectangle: centre and half sizes.
#[derive(Clone, Copy)]
struct Area {
    x: f32,
    y: f32,
    hw: f32,
    hh: f32,
}

impl Area {
    fn clip(self, x: f32, y: f32) -> f32 {
        rounded_box(x, y, self.x, self.y, self.hw, self.hh, 0.5)
    }

    fn bbox(self) -> (f32, f32, f32, f32) {
        (self.x - self.hw, self.y - self.hh, self.x + self.hw, self.y + self.hh)
    }
}

const FRAMES: [Colour; 4] = [[0.15, 0.13, 0.12], [0.75, 0.6, 0.4], [0.95, 0.95, 0.93], [0.55, 0.4, 0.28]];

/// Hangs a frame `width` wide around `area` on the wall, with a white mat
/// `mat` wide inside it; returns what is left for the picture.
fn frame(c: &mut Canvas, area: Area, width: f32, colour: Colour, mat: f32) -> Area {
    let Area { x, y, hw, hh } = area;
    c.fill(
        (x - hw - width * 2.0, y - hh - width * 2.0, x + hw + width * 3.0, y + hh + width * 3.0),
        |px, py| rounded_box(px, py, x + width, y + width, hw + width, hh + width, 2.0),
        |_, _| [0.0, 0.0, 0.0],
        0.18,
    );
    c.fill(
        (x - hw - width, y - hh - width, x + hw + width, y + hh + width),
        |px, py| rounded_box(px, py, x, y, hw + width, hh + width, 1.0),
        lit(colour, x - hw, y - hh, hw * 2.0),
        1.0,
    );
    if mat > 0.0 {
        c.fill(area.bbox(), |px, py| area.clip(px, py), |_, _| [0.96, 0.95, 0.93], 1.0);
        // The mat's bevelled window.
        let inner = Area { hw: hw - mat, hh: hh - mat, ..area };
        c.fill(area.bbox(), |px, py| inner.clip(px, py).abs() - 1.0, |_, _| [0.85, 0.84, 0.8], 1.0);
        inner
    } else {
        area
    }
}

/// An area of `hw` × `hh` hung at the right height on the wall.
fn hung(at: Spot, hw: f32, hh: f32) -> Area {
    Area { x: at.x, y: on_wall(at, hh), hw, hh }
}

/// Patches of colour around one hue, as a painter composes.
fn abstract_shapes(c: &mut Canvas, rng: &mut ChaCha8Rng, area: Area, unit: f32, hue: f32) {
    let ground = random_colour(rng, (0.05, 0.3), (0.8, 0.97));
    c.fill(area.bbox(), |x, y| area.clip(x, y), |_, _| ground, 1.0);
    for _ in 0..rng.random_range(4..9) {
        let colour = hsv(hue + rng.random_range(-0.15..0.15), rng.random_range(0.3..0.8), rng.random_range(0.35..0.95));
        let (sx, sy) = (area.x + rng.random_range(-0.8..0.8) * area.hw, area.y + rng.random_range(-0.8..0.8) * area.hh);
        let size = unit * rng.random_range(0.03..0.14);
        let opacity = rng.random_range(0.6..0.95);
        if rng.random_bool(0.5) {
            let (bw, bh) = (size * rng.random_range(0.5..2.0), size * rng.random_range(0.3..1.5));
            c.fill(
                (sx - bw, sy - bh, sx + bw, sy + bh),
                |x, y| rounded_box(x, y, sx, sy, bw, bh, size * 0.2).max(area.clip(x, y)),
                |_, _| colour,
                opacity,
            );
        } else {
            c.fill(
                (sx - size, sy - size, sx + size, sy + size),
                |x, y| circle(x, y, sx, sy, size).max(area.clip(x, y)),
                |_, _| colour,
                opacity,
            );
        }
    }
}

/// Sky, sun and rolling hills (or the sea), in paint or as a photograph.
fn landscape_view(c: &mut Canvas, rng: &mut ChaCha8Rng, area: Area, photographic: bool) {
    let black_and_white = photographic && rng.random_bool(0.3);
    let tone = move |colour: Colour| {
        if black_and_white {
            let grey = colour[0] * 0.3 + colour[1] * 0.59 + colour[2] * 0.11;
            [grey; 3]
        } else {
            colour
        }
    };
    let dusk = rng.random_bool(0.4);
    let (high, low) =
        if dusk { ([0.45, 0.5, 0.72], [0.98, 0.72, 0.5]) } else { ([0.45, 0.65, 0.88], [0.88, 0.92, 0.95]) };
    let Area { x, y, hw, hh } = area;
    let horizon = y + hh * rng.random_range(-0.1..0.3);
    c.fill(
        area.bbox(),
        |px, py| area.clip(px, py),
        move |_, py| tone(mix(high, low, ((py - (y - hh)) / (horizon - y + hh)).clamp(0.0, 1.0))),
        1.0,
    );
    let (sx, sy, sr) = (x + rng.random_range(-0.6..0.6) * hw, horizon - hh * rng.random_range(0.2..0.6), hh * 0.12);
    c.fill(
        (sx - sr, sy - sr, sx + sr, sy + sr),
        |px, py| circle(px, py, sx, sy, sr).max(area.clip(px, py)),
        move |_, _| tone([1.0, 0.93, 0.7]),
        0.9,
    );
    let sea = rng.random_bool(0.4);
    let layers = if sea { 1 } else { rng.random_range(2..4) };
    for k in 0..layers {
        let hue = if sea { rng.random_range(0.52..0.6) } else { rng.random_range(0.12..0.35) };
        let colour = hsv(hue, rng.random_range(0.3..0.6), 0.75 - 0.15 * k as f32);
        let (freq, phase) = (rng.random_range(2.0..5.0_f32), rng.random_range(0.0..6.0_f32));
        let rise = if sea { 0.0 } else { hh * 0.12 };
        let base = horizon + k as f32 * hh * 0.15;
        c.fill(
            area.bbox(),
            |px, py| (base - ((px - x) / hw * freq + phase).sin() * rise - py).max(area.clip(px, py)),
            move |_, py| {
                let shade = if photographic { 1.0 - 0.2 * ((py - base) / hh).clamp(0.0, 1.0) } else { 1.0 };
                tone(scale(colour, shade))
            },
            1.0,
        );
    }
}

/// A print: flat shapes in one to three inks on paper, no blending.
fn inks(c: &mut Canvas, rng: &mut ChaCha8Rng, area: Area) {
    let paper = [0.95, 0.93, 0.88];
    let palette: Vec<Colour> =
        (0..rng.random_range(1..=3)).map(|_| random_colour(rng, (0.35, 0.85), (0.2, 0.8))).collect();
    c.fill(area.bbox(), |x, y| area.clip(x, y), |_, _| paper, 1.0);
    let Area { x, y, hw, hh } = area;
    for k in 0..rng.random_range(3..7) {
        let ink = palette[k % palette.len()];
        let (sx, sy) = (x + rng.random_range(-0.6..0.6) * hw, y + rng.random_range(-0.6..0.6) * hh);
        let r = hw * rng.random_range(0.15..0.45);
        match rng.random_range(0..3) {
            // An arch, a sun, a band of hills.
            0 => c.fill(
                area.bbox(),
                |px, py| rounded_box(px, py, sx, sy + r * 0.5, r * 0.6, r, r * 0.6).max(area.clip(px, py)),
                |_, _| ink,
                0.95,
            ),
            1 => c.fill(area.bbox(), |px, py| circle(px, py, sx, sy, r * 0.6).max(area.clip(px, py)), |_, _| ink, 0.95),
            _ => c.fill(
                area.bbox(),
                |px, py| {
                    (sy - ((px - sx) / r * 2.0).sin() * r * 0.2 - py).max(py - sy - r * 0.3).max(area.clip(px, py))
                },
                |_, _| ink,
                0.95,
            ),
        }
    }
}

/// A drawing: pencil lines on paper, outlines and hatching.
fn pencil(c: &mut Canvas, rng: &mut ChaCha8Rng, area: Area, unit: f32) {
    let paper = [0.96, 0.94, 0.89];
    let lead = [[0.25, 0.25, 0.27], [0.12, 0.12, 0.14], [0.55, 0.25, 0.18]][rng.random_range(0..3)];
    c.fill(area.bbox(), |x, y| area.clip(x, y), |_, _| paper, 1.0);
    let Area { x, y, hw, hh } = area;
    let line = (unit * 0.003).max(0.7);
    // A still life in outline: a vase and fruit, their shadows hatched.
    let (vx, vy, vr) = (x - hw * 0.2, y + hh * 0.2, hw * rng.random_range(0.25..0.35));
    c.fill(
        area.bbox(),
        |px, py| (ellipse(px, py, vx, vy, vr, vr * 1.1).abs() - line).max(area.clip(px, py)),
        |_, _| lead,
        0.85,
    );
    c.fill(
        area.bbox(),
        |px, py| (rounded_box(px, py, vx, vy - vr * 1.3, vr * 0.3, vr * 0.4, 1.0).abs() - line).max(area.clip(px, py)),
        |_, _| lead,
        0.85,
    );
    for _ in 0..rng.random_range(1..4) {
        let (fx, fr) = (x + hw * rng.random_range(0.1..0.6), hw * rng.random_range(0.1..0.16));
        let fy = vy + vr * 1.1 - fr;
        c.fill(
            area.bbox(),
            |px, py| (circle(px, py, fx, fy, fr).abs() - line).max(area.clip(px, py)),
            |_, _| lead,
            0.8,
        );
    }
    let step = unit * 0.012;
    for k in 0..12 {
        let hx = vx + vr * 0.2 + k as f32 * step;
        c.stroke(&[(hx, vy + vr * 0.2), (hx + vr * 0.3, vy + vr * 1.05)], line * 1.6, lead, 0.35);
    }
    c.stroke(&[(x - hw * 0.9, vy + vr * 1.1), (x + hw * 0.9, vy + vr * 1.1)], line * 2.0, lead, 0.6);
}

pub(super) fn painting(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let hw = at.unit * rng.random_range(0.22..0.32);
    let hh = hw * rng.random_range(0.7..1.3);
    let width = at.unit * rng.random_range(0.015..0.03);
    let colour = FRAMES[rng.random_range(0..FRAMES.len())];
    let inside = frame(c, hung(at, hw, hh), width, colour, 0.0);
    let hue = rng.random_range(0.0..1.0);
    abstract_shapes(c, rng, inside, at.unit, hue);
}

/// A painted landscape in a gilt or wooden frame.
pub(super) fn landscape(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let hw = at.unit * rng.random_range(0.24..0.32);
    let hh = hw * rng.random_range(0.6..0.85);
    let width = at.unit * rng.random_range(0.02..0.035);
    let colour = [[0.8, 0.65, 0.35], [0.55, 0.4, 0.28], [0.15, 0.13, 0.12]][rng.random_range(0..3)];
    let inside = frame(c, hung(at, hw, hh), width, colour, 0.0);
    landscape_view(c, rng, inside, false);
}

/// Two canvases hung side by side, one composition across both.
pub(super) fn diptych(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let hw = at.unit * rng.random_range(0.12..0.16);
    let hh = hw * rng.random_range(1.1..1.6);
    let gap = at.unit * 0.03;
    let hue = rng.random_range(0.0..1.0);
    let y = on_wall(at, hh);
    for side in [-1.0, 1.0] {
        let area = Area { x: at.x + side * (hw + gap * 0.5), y, hw, hh };
        let inside = frame(c, area, at.unit * 0.006, [0.92, 0.91, 0.88], 0.0);
        abstract_shapes(c, rng, inside, at.unit, hue);
    }
}

/// A print behind a white mat, in a thin frame.
pub(super) fn print(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let hw = at.unit * rng.random_range(0.18..0.25);
    let hh = hw * rng.random_range(1.1..1.4);
    let colour = FRAMES[rng.random_range(0..FRAMES.len())];
    let inside = frame(c, hung(at, hw, hh), at.unit * 0.012, colour, hw * 0.22);
    inks(c, rng, inside);
}

/// A photograph: white mat, thin frame, a view with a real sky.
pub(super) fn photograph(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let hw = at.unit * rng.random_range(0.22..0.3);
    let hh = hw * rng.random_range(0.7..0.85);
    let colour = [[0.1, 0.1, 0.1], [0.96, 0.96, 0.95]][rng.random_range(0..2)];
    let inside = frame(c, hung(at, hw, hh), at.unit * 0.01, colour, hw * 0.16);
    landscape_view(c, rng, inside, true);
}

/// A drawing, matted in a pale wooden frame.
pub(super) fn drawing(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let hw = at.unit * rng.random_range(0.18..0.24);
    let hh = hw * rng.random_range(1.15..1.4);
    let inside = frame(c, hung(at, hw, hh), at.unit * 0.014, [0.86, 0.74, 0.56], hw * 0.18);
    pencil(c, rng, inside, at.unit);
}

/// A poster in a thin frame: bold flat shapes and a title.
pub(super) fn poster(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let hw = at.unit * rng.random_range(0.22..0.27);
    let hh = hw * 1.4;
    let colour = FRAMES[rng.random_range(0..FRAMES.len())];
    let area = frame(c, hung(at, hw, hh), at.unit * 0.008, colour, 0.0);
    let ground = random_colour(rng, (0.1, 0.5), (0.6, 0.95));
    let ink = random_colour(rng, (0.5, 0.9), (0.2, 0.7));
    let second = random_colour(rng, (0.4, 0.9), (0.5, 0.9));
    c.fill(area.bbox(), |x, y| area.clip(x, y), |_, _| ground, 1.0);
    let Area { x, y, hw, hh } = area;
    let (sx, sy, r) = (x, y - hh * 0.2, hw * rng.random_range(0.45..0.7));
    c.fill(area.bbox(), |px, py| circle(px, py, sx, sy, r).max(area.clip(px, py)), |_, _| second, 1.0);
    c.fill(
        area.bbox(),
        |px, py| {
            (sy + r * 0.3 - ((px - x) / hw * 3.0).sin() * hh * 0.05 - py)
                .max(area.clip(px, py))
                .max(py - (y + hh * 0.55))
        },
        |_, _| ink,
        1.0,
    );
    for (k, w) in [(0.72, 0.7), (0.84, 0.45)] {
        let ty = y + hh * k;
        c.fill(
            (x - hw, ty - hh * 0.04, x + hw, ty + hh * 0.04),
            |px, py| rounded_box(px, py, x, ty, hw * w, hh * 0.025, 1.0),
            |_, _| ink,
            1.0,
        );
    }
}

/// A botanical poster: one stem with its leaves on cream paper, a caption.
pub(super) fn botanical_poster(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let hw = at.unit * rng.random_range(0.18..0.23);
    let hh = hw * 1.4;
    let colour = FRAMES[rng.random_range(0..FRAMES.len())];
    let area = frame(c, hung(at, hw, hh), at.unit * 0.008, colour, 0.0);
    let leaf = hsv(rng.random_range(0.22..0.4), rng.random_range(0.3..0.6), rng.random_range(0.35..0.6));
    c.fill(area.bbox(), |x, y| area.clip(x, y), |_, _| [0.96, 0.94, 0.88], 1.0);
    let Area { x, y, hw, hh } = area;
    let (bottom, top) = ((x, y + hh * 0.55), (x + hw * 0.1, y - hh * 0.8));
    let stem: Vec<_> = (0..=12)
        .map(|i| {
            let t = i as f32 / 12.0;
            (bottom.0 + (top.0 - bottom.0) * t + (t * 3.0).sin() * hw * 0.08, bottom.1 + (top.1 - bottom.1) * t)
        })
        .collect();
    c.stroke(&stem, (at.unit * 0.005).max(1.0), scale(leaf, 0.8), 1.0);
    for (i, &(px, py)) in stem.iter().enumerate().skip(2).step_by(2) {
        let side = if i % 4 == 0 { 1.0 } else { -1.0 };
        let len = hw * (0.45 - 0.025 * i as f32);
        let (lx, ly) = (px + side * len * 0.55, py - len * 0.2);
        let angle = side * 0.5;
        c.fill(
            (lx - len, ly - len, lx + len, ly + len),
            |qx, qy| {
                let (u, v) = turned(qx, qy, lx, ly, angle);
                ellipse(u, v, lx, ly, len * 0.6, len * 0.22)
            },
            lit(leaf, lx, ly - len * 0.2, len),
            1.0,
        );
    }
    let ty = y + hh * 0.78;
    c.fill(
        (x - hw, ty - hh * 0.03, x + hw, ty + hh * 0.03),
        |px, py| rounded_box(px, py, x, ty, hw * 0.45, hh * 0.015, 1.0),
        |_, _| [0.3, 0.3, 0.3],
        0.9,
    );
}

const STONES: [Colour; 5] =
    [[0.9, 0.88, 0.84], [0.62, 0.6, 0.57], [0.7, 0.45, 0.32], [0.5, 0.38, 0.22], [0.25, 0.24, 0.24]];

/// A plinth on the table; returns the height of its top.
fn plinth(c: &mut Canvas, at: Spot, hw: f32) -> f32 {
    let hh = at.unit * 0.05;
    let top = at.y - hh * 2.0;
    c.shadow(at.x, at.y, hw * 1.3, hw * 0.25, 0.35);
    c.fill(
        (at.x - hw, top, at.x + hw, at.y),
        |x, y| rounded_box(x, y, at.x, at.y - hh, hw, hh, 1.5),
        lit([0.93, 0.92, 0.9], at.x - hw, top, hw * 2.0),
        1.0,
    );
    top
}

/// A carved abstract sculpture on its plinth: stacked, balanced forms.
pub(super) fn sculpture(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let stone = STONES[rng.random_range(0..STONES.len())];
    let mut y = plinth(c, at, at.unit * 0.12);
    for _ in 0..rng.random_range(2..5) {
        let rx = at.unit * rng.random_range(0.05..0.1);
        let ry = rx * rng.random_range(0.5..1.0);
        let x = at.x + rng.random_range(-0.02..0.02) * at.unit;
        let cy = y - ry;
        let tilt = rng.random_range(-0.3..0.3);
        c.fill(
            (x - rx * 1.3, cy - rx * 1.3, x + rx * 1.3, cy + rx * 1.3),
            |px, py| {
                let (u, v) = turned(px, py, x, cy, tilt);
                ellipse(u, v, x, cy, rx, ry)
            },
            lit(stone, x - rx * 0.4, cy - ry * 0.5, rx * 1.5),
            1.0,
        );
        y = cy - ry * 0.85;
    }
}

/// A figurine on its base: a standing figure, head, body and arms.
pub(super) fn figurine(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let clay = STONES[rng.random_range(0..STONES.len())];
    let base = plinth(c, at, at.unit * 0.11);
    let x = at.x;
    let h = at.unit * rng.random_range(0.4..0.48);
    let body =
        [(x - h * 0.12, base - h * 0.72), (x + h * 0.12, base - h * 0.72), (x + h * 0.2, base), (x - h * 0.2, base)];
    let shade = lit(clay, x - h * 0.1, base - h, h * 0.8);
    c.fill_polygon(&body, shade, 1.0);
    for side in [-1.0, 1.0] {
        c.stroke(
            &[(x + side * h * 0.09, base - h * 0.7), (x + side * h * 0.16, base - h * 0.42)],
            h * 0.05,
            scale(clay, 0.92),
            1.0,
        );
    }
    c.fill(
        (x - h * 0.1, base - h * 0.75, x + h * 0.1, base - h * 0.66),
        |px, py| rounded_box(px, py, x, base - h * 0.72, h * 0.04, h * 0.05, 1.0),
        shade,
        1.0,
    );
    let (hy, hr) = (base - h * 0.86, h * 0.11);
    c.fill((x - hr, hy - hr, x + hr, hy + hr), |px, py| ellipse(px, py, x, hy, hr * 0.85, hr), shade, 1.0);
}
