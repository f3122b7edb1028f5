//! Crafts: kits, yarns, beads and findings, fabrics.

use super::*;

pub(super) fn yarn(canvas: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    // Balls of yarn, their strands wound around.
    let balls = rng.random_range(1..4);
    for i in 0..balls {
        let r = unit * rng.random_range(0.12..0.17);
        let bx = cx + (i as f32 - (balls - 1) as f32 / 2.0) * r * 2.1;
        let wool = random_colour(rng, (0.3, 0.75), (0.5, 0.92));
        let tilt = rng.random_range(0.0..std::f32::consts::PI);
        yarn_ball(canvas, bx, cy, r, wool, tilt);
    }
}

/// A ball of yarn resting on the table at `(bx, base)`.
fn yarn_ball(canvas: &mut Canvas, bx: f32, base: f32, r: f32, wool: Colour, tilt: f32) {
    let by = base - r;
    canvas.shadow(bx, base, r * 1.1, r * 0.28, 0.35);
    canvas.fill(
        (bx - r, by - r, bx + r, by + r),
        |x, y| circle(x, y, bx, by, r),
        move |x, y| {
            let (dx, dy) = ((x - bx) / r, (y - by) / r);
            let u = dx * tilt.cos() + dy * tilt.sin();
            let strand = ((u * 22.0 + (dx * dx + dy * dy) * 6.0).sin() * 0.5 + 0.5).powf(3.0);
            scale(
                wool,
                (1.05 - 0.35 * (dx * 0.5 + dy * 0.7).max(-0.2) - 0.2 * (dx * dx + dy * dy)) * (0.85 + 0.2 * strand),
            )
        },
        1.0,
    );
}

pub(super) fn fabrics(canvas: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    // A stack of folded fabrics.
    let hw = unit * rng.random_range(0.2..0.26);
    let hh = unit * 0.03;
    let layers = rng.random_range(4..7);
    canvas.shadow(cx, cy, hw * 1.1, hh * 2.0, 0.3);
    for i in 0..layers {
        let y = cy - hh - i as f32 * hh * 2.0;
        let x = cx + rng.random_range(-0.05..0.05) * hw;
        let base = random_colour(rng, (0.2, 0.7), (0.45, 0.92));
        let print = pattern(rng.random_range(0..5), base, scale(base, 0.75), unit * 0.02);
        canvas.fill(
            (x - hw, y - hh, x + hw, y + hh),
            |px, py| rounded_box(px, py, x, y, hw, hh, hh * 0.6),
            move |px, py| scale(print(px, py), 1.0 - 0.15 * ((py - y) / hh).abs()),
            1.0,
        );
    }
}

/// A twisted skein lying on its side, its paper band round the middle.
fn skein(c: &mut Canvas, x: f32, y: f32, hw: f32, hh: f32, wool: Colour) {
    let twist = hh * 0.9;
    c.shadow(x, y + hh, hw, hh * 0.4, 0.3);
    c.fill(
        (x - hw - 1.0, y - hh - 1.0, x + hw + 1.0, y + hh + 1.0),
        |px, py| rounded_box(px, py, x, y, hw, hh, hh * 0.95),
        move |px, py| {
            let strand = (((px - x) + (py - y) * 1.5) / twist * std::f32::consts::PI).sin() * 0.5 + 0.5;
            scale(wool, (0.8 + 0.25 * strand) * (1.05 - 0.2 * ((py - y) / hh)))
        },
        1.0,
    );
    let band = [0.96, 0.94, 0.88];
    c.fill(
        (x - hw * 0.25, y - hh * 1.1, x + hw * 0.25, y + hh * 1.1),
        |px, py| rounded_box(px, py, x, y, hw * 0.18, hh * 1.02, 1.0),
        lit(band, x, y - hh, hh * 2.0),
        1.0,
    );
    c.stroke(&[(x - hw * 0.1, y - hh * 0.2), (x + hw * 0.1, y - hh * 0.2)], (hh * 0.06).max(0.7), [0.3, 0.3, 0.3], 0.8);
}

/// Skeins of yarn or floss, one to three.
pub(super) fn skeins(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let count = rng.random_range(1..=3);
    for i in 0..count {
        let wool = random_colour(rng, (0.3, 0.8), (0.45, 0.92));
        let (hw, hh) = (unit * rng.random_range(0.17..0.21), unit * rng.random_range(0.04..0.055));
        let y = cy - hh - i as f32 * hh * 1.8;
        let x = cx + rng.random_range(-0.05..0.05) * unit;
        skein(c, x, y, hw, hh, wool);
    }
}

/// An embroidery kit: the hoop with its work begun, skeins of floss, a needle.
pub(super) fn embroidery_kit(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let wood = wood_of(rng);
    let fabric = [[0.93, 0.9, 0.84], [0.96, 0.96, 0.95], [0.18, 0.22, 0.36]][rng.random_range(0..3)];
    let threads: Vec<Colour> = (0..3).map(|_| random_colour(rng, (0.4, 0.85), (0.4, 0.9))).collect();
    let r = unit * rng.random_range(0.15..0.18);
    let (hx, hy) = (cx - unit * 0.08, cy - r - unit * 0.03);
    c.shadow(hx, cy, r * 1.1, r * 0.15, 0.3);
    c.fill((hx - r, hy - r, hx + r, hy + r), |x, y| circle(x, y, hx, hy, r * 0.92), |_, _| fabric, 1.0);
    // White thread on indigo, as sashiko is; dark thread on a light linen.
    let sashiko = if fabric[0] < 0.5 { [0.97, 0.96, 0.93] } else { scale(threads[0], 0.6) };
    match rng.random_range(0..3) {
        // Cross stitches filling a diamond.
        0 => {
            let cell = r * 0.09;
            for i in -5..=5_i32 {
                for j in -5..=5_i32 {
                    if i.abs() + j.abs() > 5 {
                        continue;
                    }
                    let (x, y) = (hx + i as f32 * cell, hy + j as f32 * cell);
                    let colour = threads[((i + j).unsigned_abs() as usize) % threads.len()];
                    let w = (cell * 0.18).max(0.7);
                    c.stroke(&[(x - cell * 0.4, y - cell * 0.4), (x + cell * 0.4, y + cell * 0.4)], w, colour, 1.0);
                    c.stroke(&[(x + cell * 0.4, y - cell * 0.4), (x - cell * 0.4, y + cell * 0.4)], w, colour, 1.0);
                }
            }
        }
        // Running stitches in a grid, as sashiko.
        1 => {
            let step = r * 0.2;
            for k in -3..=3 {
                for (a, b) in [
                    ((hx - r * 0.7, hy + k as f32 * step), (hx + r * 0.7, hy + k as f32 * step)),
                    ((hx + k as f32 * step, hy - r * 0.7), (hx + k as f32 * step, hy + r * 0.7)),
                ] {
                    let dashes = 10;
                    for d in (0..dashes).step_by(2) {
                        let (t0, t1) = (d as f32 / dashes as f32, (d + 1) as f32 / dashes as f32);
                        c.stroke(
                            &[
                                (a.0 + (b.0 - a.0) * t0, a.1 + (b.1 - a.1) * t0),
                                (a.0 + (b.0 - a.0) * t1, a.1 + (b.1 - a.1) * t1),
                            ],
                            (r * 0.015).max(0.8),
                            sashiko,
                            1.0,
                        );
                    }
                }
            }
        }
        // Flowers in satin stitch.
        _ => {
            for k in 0..3 {
                let (fx, fy) = (hx + (k as f32 - 1.0) * r * 0.4, hy + ((k % 2) as f32 - 0.3) * r * 0.3);
                let colour = threads[k % threads.len()];
                for p in 0..5 {
                    let a = p as f32 / 5.0 * std::f32::consts::TAU;
                    let (px, py) = (fx + a.cos() * r * 0.1, fy + a.sin() * r * 0.1);
                    c.fill(
                        (px - r * 0.1, py - r * 0.1, px + r * 0.1, py + r * 0.1),
                        |x, y| circle(x, y, px, py, r * 0.07),
                        |_, _| colour,
                        1.0,
                    );
                }
                c.stroke(
                    &[(fx, fy + r * 0.12), (fx, fy + r * 0.45)],
                    (r * 0.02).max(0.8),
                    threads[(k + 1) % threads.len()],
                    1.0,
                );
            }
        }
    }
    c.fill(
        (hx - r * 1.1, hy - r * 1.1, hx + r * 1.1, hy + r * 1.1),
        |x, y| circle(x, y, hx, hy, r).abs() - r * 0.07,
        metal(wood, hx, hy, r * 1.5),
        1.0,
    );
    c.fill(
        (hx - r * 0.15, hy - r * 1.2, hx + r * 0.15, hy - r * 0.95),
        |x, y| rounded_box(x, y, hx, hy - r * 1.05, r * 0.08, r * 0.07, 1.0),
        metal([0.8, 0.8, 0.82], hx, hy - r, r * 0.2),
        1.0,
    );
    for (k, colour) in threads.iter().enumerate() {
        skein(c, cx + unit * 0.2, cy - unit * 0.03 - k as f32 * unit * 0.05, unit * 0.07, unit * 0.022, *colour);
    }
}

/// Balls of yarn and what works them: two knitting needles, or a crochet
/// hook and a granny square begun.
pub(super) fn yarn_kit(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot, crochet: bool) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let wools: Vec<Colour> = (0..3).map(|_| random_colour(rng, (0.3, 0.75), (0.5, 0.92))).collect();
    if crochet {
        let (sx, sy, s) = (cx - unit * 0.2, cy - unit * 0.08, unit * 0.08);
        c.shadow(sx, cy - unit * 0.01, s * 1.2, s * 0.3, 0.25);
        // A granny square begun: rounds of each colour, the outermost first.
        for (k, wool) in wools.iter().enumerate() {
            let half = s * (1.0 - k as f32 * 0.3);
            c.fill(
                (sx - s, sy - s, sx + s, sy + s),
                |x, y| rounded_box(x, y, sx, sy, half, half, half * 0.1),
                pattern(4, *wool, scale(*wool, 0.85), unit * 0.008),
                1.0,
            );
        }
    }
    let r = unit * rng.random_range(0.11..0.14);
    let tilt = rng.random_range(0.0..std::f32::consts::PI);
    yarn_ball(c, cx + unit * 0.02, cy, r, wools[0], tilt);
    yarn_ball(c, cx + unit * 0.02 + r * 1.9, cy, r * 0.75, wools[1], tilt + 1.0);
    let tool = [[0.75, 0.55, 0.35], [0.78, 0.79, 0.82], [0.3, 0.5, 0.7]][rng.random_range(0..3)];
    let w = (unit * 0.008).max(1.0);
    let by = cy - r;
    if crochet {
        let (a, b) = ((cx - unit * 0.15, cy - unit * 0.02), (cx + unit * 0.12, by - r * 1.3));
        c.stroke(&[a, b], w, tool, 1.0);
        c.fill(
            (b.0 - w * 3.0, b.1 - w * 3.0, b.0 + w * 3.0, b.1 + w * 3.0),
            |x, y| (circle(x, y, b.0 + w * 0.6, b.1 + w * 0.6, w * 1.2).abs() - w * 0.4).max(-(x - b.0)),
            |_, _| tool,
            1.0,
        );
    } else {
        for (dx, lean) in [(-0.05, -0.5), (0.07, 0.45)] {
            let mid = (cx + unit * 0.02 + unit * dx, by);
            let (sin, cos) = (lean as f32).sin_cos();
            let (a, b) =
                ((mid.0 - sin * r * 1.6, mid.1 + cos * r * 0.4), (mid.0 + sin * r * 1.2, mid.1 - cos * r * 1.4));
            c.stroke(&[a, b], w, tool, 1.0);
            c.fill(
                (b.0 - w * 3.0, b.1 - w * 3.0, b.0 + w * 3.0, b.1 + w * 3.0),
                |x, y| circle(x, y, b.0, b.1, w * 1.6),
                lit(scale(tool, 0.8), b.0, b.1, w * 2.0),
                1.0,
            );
        }
    }
}

/// A candle-making kit: its kraft box, an empty jar, wicks and a heap of wax.
pub(super) fn candle_kit(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let kraft = [0.8, 0.69, 0.54];
    let label = random_colour(rng, (0.1, 0.5), (0.8, 0.97));
    let (bx, hw, hh) = (cx - unit * 0.12, unit * 0.16, unit * 0.1);
    let by = cy - hh - unit * 0.04;
    c.shadow(bx, by + hh, hw * 1.1, hh * 0.3, 0.3);
    c.fill(
        (bx - hw, by - hh, bx + hw, by + hh),
        |x, y| rounded_box(x, y, bx, by, hw, hh, 1.5),
        lit(kraft, bx - hw, by - hh, hw * 2.0),
        1.0,
    );
    c.fill(
        (bx - hw, by - hh, bx + hw, by - hh * 0.7),
        |x, y| rounded_box(x, y, bx, by - hh * 0.85, hw * 0.94, hh * 0.1, 1.0),
        |_, _| scale(kraft, 0.5),
        1.0,
    );
    c.fill(
        (bx - hw, by - hh * 0.5, bx + hw, by + hh * 0.5),
        |x, y| rounded_box(x, y, bx, by, hw * 0.6, hh * 0.35, 2.0),
        |_, _| label,
        1.0,
    );
    let (jx, jw, jh) = (cx + unit * 0.14, unit * 0.065, unit * 0.08);
    let jy = cy - jh;
    c.shadow(jx, cy, jw * 1.3, jw * 0.3, 0.3);
    c.fill(
        (jx - jw, jy - jh, jx + jw, cy),
        |x, y| rounded_box(x, y, jx, jy, jw, jh, jw * 0.2),
        |_, _| [0.85, 0.88, 0.88],
        0.55,
    );
    c.fill(
        (jx - jw, jy - jh, jx + jw, cy),
        |x, y| rounded_box(x, y, jx, jy, jw, jh, jw * 0.2).abs() - 1.0,
        |_, _| [1.0, 1.0, 1.0],
        0.8,
    );
    for k in 0..3 {
        let (wx, top) = (cx + unit * (0.24 + k as f32 * 0.025), cy - unit * (0.2 - k as f32 * 0.02));
        c.stroke(&[(wx, cy - unit * 0.01), (wx - unit * 0.01, top)], (unit * 0.003).max(0.8), [0.9, 0.88, 0.82], 1.0);
        let d = unit * 0.01;
        c.fill(
            (wx - d * 2.0, cy - d * 2.0, wx + d * 2.0, cy),
            |x, y| ellipse(x, y, wx, cy - d * 0.5, d * 1.4, d * 0.5),
            metal([0.78, 0.79, 0.82], wx, cy, d),
            1.0,
        );
    }
    for _ in 0..24 {
        let (x, y) = (bx + rng.random_range(-0.12..0.12) * unit, cy + rng.random_range(-0.01..0.04) * unit);
        let r = unit * 0.009;
        c.fill(
            (x - r * 2.0, y - r * 2.0, x + r * 2.0, y + r * 2.0),
            |px, py| ellipse(px, py, x, y, r * 1.3, r * 0.8),
            lit([0.97, 0.95, 0.88], x - r * 0.3, y - r * 0.3, r),
            1.0,
        );
    }
}

/// A macramé kit: a coil of cord, the dowel it will hang from, wooden rings.
pub(super) fn macrame_kit(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let cord = [[0.93, 0.9, 0.83], [0.85, 0.76, 0.62], [0.75, 0.55, 0.45], [0.55, 0.6, 0.5]][rng.random_range(0..4)];
    let wood = wood_of(rng);
    let (rx, ry) = (unit * rng.random_range(0.14..0.17), unit * rng.random_range(0.05..0.06));
    let (kx, ky) = (cx - unit * 0.08, cy - ry - unit * 0.06);
    let depth = unit * 0.06;
    c.shadow(kx, cy - unit * 0.02, rx * 1.1, ry * 0.8, 0.3);
    c.fill(
        (kx - rx, ky - ry, kx + rx, ky + depth + ry),
        |x, y| ellipse(x, y, kx, ky + depth, rx, ry).min(rounded_box(x, y, kx, ky + depth * 0.5, rx, depth * 0.5, 0.5)),
        move |_, y| scale(cord, 0.8 + 0.1 * ((y - ky) / (unit * 0.008)).sin()),
        1.0,
    );
    let turn = unit * 0.012;
    c.fill(
        (kx - rx, ky - ry, kx + rx, ky + ry),
        |x, y| ellipse(x, y, kx, ky, rx, ry),
        move |x, y| {
            let k = (((x - kx) / rx).powi(2) + ((y - ky) / ry).powi(2)).sqrt() * rx / turn;
            scale(cord, 0.85 + 0.15 * (k * std::f32::consts::PI).sin().abs())
        },
        1.0,
    );
    c.fill(
        (kx - rx * 0.3, ky - ry * 0.3, kx + rx * 0.3, ky + ry * 0.3),
        |x, y| ellipse(x, y, kx, ky, rx * 0.22, ry * 0.22),
        |_, _| scale(cord, 0.4),
        1.0,
    );
    let dowel = (unit * 0.012).max(1.0);
    c.stroke(&[(cx - unit * 0.3, cy + unit * 0.02), (cx + unit * 0.3, cy - unit * 0.01)], dowel * 2.0, wood, 1.0);
    for k in 0..2 {
        let (wx, wy, r) = (cx + unit * (0.17 + k as f32 * 0.08), cy - unit * 0.07, unit * 0.035);
        c.shadow(wx, cy - unit * 0.02, r, r * 0.3, 0.25);
        c.fill(
            (wx - r * 1.3, wy - r * 1.3, wx + r * 1.3, wy + r * 1.3),
            |x, y| circle(x, y, wx, wy, r).abs() - r * 0.2,
            lit(wood, wx - r * 0.3, wy - r * 0.3, r * 1.3),
            1.0,
        );
    }
}

/// How a bead is shaped.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Bead {
    Round,
    Faceted,
    /// Seed beads: tiny, glossy, by the hundred.
    Seed,
}

/// A small dish of loose beads, more spilt in front of it.
pub(super) fn beads(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot, bead: Bead) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let palette: Vec<Colour> = (0..rng.random_range(1..=4)).map(|_| gem_of(rng)).collect();
    let dish_colour = [[0.95, 0.94, 0.92], [0.75, 0.58, 0.42], [0.3, 0.32, 0.35]][rng.random_range(0..3)];
    let (dx, dy, drx, dry) = (cx + unit * 0.08, cy - unit * 0.12, unit * 0.2, unit * 0.08);
    c.shadow(dx, dy + dry * 1.2, drx * 1.1, dry * 0.6, 0.3);
    c.fill(
        (dx - drx, dy - dry, dx + drx, dy + dry * 1.8),
        |x, y| {
            ellipse(x, y, dx, dy + dry * 0.5, drx * 0.85, dry * 1.2).max(dy - y).min(ellipse(x, y, dx, dy, drx, dry))
        },
        lit(dish_colour, dx - drx * 0.4, dy, drx * 1.5),
        1.0,
    );
    let r = unit
        * match bead {
            Bead::Seed => 0.009,
            Bead::Round => 0.022,
            Bead::Faceted => 0.024,
        };
    let inside = (drx * 0.85, dry * 0.8);
    let heap = match bead {
        Bead::Seed => 160,
        _ => 26,
    };
    let spilt = match bead {
        Bead::Seed => 50,
        _ => 9,
    };
    let mut spots: Vec<(f32, f32)> = (0..heap)
        .map(|_| {
            let (a, k) = (rng.random_range(0.0..std::f32::consts::TAU), rng.random::<f32>().sqrt());
            (dx + a.cos() * inside.0 * k, dy + a.sin() * inside.1 * k)
        })
        .collect();
    for _ in 0..spilt {
        spots.push((cx + rng.random_range(-0.3..0.0) * unit, cy + rng.random_range(-0.04..0.03) * unit));
    }
    spots.sort_by(|a, b| a.1.total_cmp(&b.1));
    for (x, y) in spots {
        let colour = palette[rng.random_range(0..palette.len())];
        match bead {
            Bead::Faceted => {
                // A cut bead: a hexagon whose facets each catch the light differently.
                let turn = rng.random_range(0.0..1.0_f32);
                let outline: Vec<_> = (0..6)
                    .map(|i| {
                        let a = turn + i as f32 / 6.0 * std::f32::consts::TAU;
                        (x + a.cos() * r, y + a.sin() * r)
                    })
                    .collect();
                c.fill_polygon(
                    &outline,
                    move |px, py| {
                        let facet = (((py - y).atan2(px - x) - turn) / std::f32::consts::TAU * 6.0).floor();
                        scale(colour, 0.75 + 0.35 * (facet * 1.7).sin().abs())
                    },
                    1.0,
                );
            }
            _ => {
                c.fill(
                    (x - r * 1.3, y - r * 1.3, x + r * 1.3, y + r * 1.3),
                    |px, py| circle(px, py, x, y, r),
                    lit(colour, x - r * 0.3, y - r * 0.3, r),
                    1.0,
                );
                if bead == Bead::Round {
                    c.fill(
                        (x - r, y - r, x + r, y + r),
                        |px, py| circle(px, py, x, y, r * 0.22),
                        |_, _| scale(colour, 0.45),
                        1.0,
                    );
                }
            }
        }
        c.fill(
            (x - r, y - r, x + r, y + r),
            |px, py| circle(px, py, x - r * 0.35, y - r * 0.35, r * 0.22),
            |_, _| [1.0; 3],
            0.55,
        );
    }
}

/// Heishi beads: thin discs strung close, a few strands laid in curves.
pub(super) fn heishi(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let strands = rng.random_range(2..=4);
    for s in 0..strands {
        let colour = gem_of(rng);
        let second = gem_of(rng);
        let y0 = cy - unit * (0.06 + 0.07 * s as f32);
        let bend = unit * rng.random_range(-0.06..0.06);
        let (w, h) = (unit * 0.006, unit * 0.022);
        c.shadow(cx, y0 + h, unit * 0.3, h * 0.6, 0.2);
        let n = 60;
        for k in 0..n {
            let t = k as f32 / (n - 1) as f32;
            let x = cx - unit * 0.3 + unit * 0.6 * t;
            let y = y0 + bend * 4.0 * t * (1.0 - t);
            let tint = if (k / 6) % 3 == 2 { second } else { colour };
            c.fill(
                (x - w * 2.0, y - h * 1.2, x + w * 2.0, y + h * 1.2),
                |px, py| rounded_box(px, py, x, y, w * 0.9, h, w * 0.6),
                lit(tint, x - w, y - h * 0.5, h * 1.5),
                1.0,
            );
        }
    }
}

/// What a dish of jewellery findings holds.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Finding {
    /// Lobster clasps.
    Clasp,
    JumpRing,
    /// French ear wires.
    EarHook,
    Charm,
}

/// Jewellery findings of one kind, a heap in a dish and a few spilt.
pub(super) fn findings(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot, finding: Finding) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let colour = METALS[rng.random_range(0..METALS.len())];
    let dish_colour = [[0.95, 0.94, 0.92], [0.3, 0.32, 0.35], [0.82, 0.76, 0.7]][rng.random_range(0..3)];
    let (dx, dy, drx, dry) = (cx + unit * 0.1, cy - unit * 0.12, unit * 0.19, unit * 0.075);
    c.shadow(dx, dy + dry * 1.2, drx * 1.1, dry * 0.6, 0.3);
    c.fill(
        (dx - drx, dy - dry, dx + drx, dy + dry * 1.8),
        |x, y| {
            ellipse(x, y, dx, dy + dry * 0.5, drx * 0.85, dry * 1.2).max(dy - y).min(ellipse(x, y, dx, dy, drx, dry))
        },
        lit(dish_colour, dx - drx * 0.4, dy, drx * 1.5),
        1.0,
    );
    let size = unit
        * match finding {
            Finding::JumpRing => 0.018,
            Finding::Clasp => 0.028,
            Finding::EarHook => 0.035,
            Finding::Charm => 0.03,
        };
    let w = (unit * 0.0045).max(0.8);
    let mut spots: Vec<(f32, f32, f32)> = (0..14)
        .map(|_| {
            let (a, k) = (rng.random_range(0.0..std::f32::consts::TAU), rng.random::<f32>().sqrt());
            (dx + a.cos() * drx * 0.7 * k, dy + a.sin() * dry * 0.6 * k, rng.random_range(0.0..std::f32::consts::TAU))
        })
        .collect();
    for _ in 0..6 {
        let spilt = (cx + rng.random_range(-0.32..-0.05) * unit, cy + rng.random_range(-0.05..0.03) * unit);
        spots.push((spilt.0, spilt.1, rng.random_range(0.0..std::f32::consts::TAU)));
    }
    for (x, y, angle) in spots {
        let shade = metal(colour, x, y, size * 1.5);
        let pad = size * 1.9;
        let bbox = (x - pad, y - pad, x + pad, y + pad);
        match finding {
            Finding::JumpRing => c.fill(
                bbox,
                |px, py| {
                    let (u, v) = turned(px, py, x, y, angle);
                    (circle(u, v, x, y, size).abs() - w).max(-(rounded_box(u, v, x + size, y, w * 1.5, w * 0.8, 0.3)))
                },
                shade,
                1.0,
            ),
            Finding::Clasp => c.fill(
                bbox,
                |px, py| {
                    let (u, v) = turned(px, py, x, y, angle);
                    let body = ellipse(u, v, x, y, size * 0.6, size).abs() - w * 1.3;
                    let ring = circle(u, v, x, y + size * 1.35, size * 0.35).abs() - w;
                    body.min(ring).min(segment(
                        u,
                        v,
                        (x + size * 0.2, y - size * 0.6),
                        (x + size * 0.45, y + size * 0.1),
                        w,
                    ))
                },
                shade,
                1.0,
            ),
            Finding::EarHook => c.fill(
                bbox,
                |px, py| {
                    let (u, v) = turned(px, py, x, y, angle * 0.3);
                    let arc = (circle(u, v, x, y - size * 0.5, size * 0.5).abs() - w).max(v - (y - size * 0.5));
                    let tail = segment(u, v, (x + size * 0.5, y - size * 0.5), (x + size * 0.45, y + size * 0.9), w);
                    let front = segment(u, v, (x - size * 0.5, y - size * 0.5), (x - size * 0.55, y), w);
                    let coil = circle(u, v, x - size * 0.55, y + size * 0.05, size * 0.16);
                    arc.min(tail).min(front).min(coil)
                },
                shade,
                1.0,
            ),
            Finding::Charm => {
                let kind = rng.random_range(0..3);
                let points = star(x, y, size, 5, angle * 0.1);
                c.fill(
                    bbox,
                    |px, py| {
                        let charm = match kind {
                            0 => heart(px, py, x, y, size * 0.8),
                            1 => polygon(px, py, &points),
                            _ => circle(px, py, x, y, size * 0.8).max(-circle(
                                px,
                                py,
                                x + size * 0.4,
                                y - size * 0.2,
                                size * 0.65,
                            )),
                        };
                        charm.min(circle(px, py, x, y - size * 1.15, size * 0.3).abs() - w)
                    },
                    shade,
                    1.0,
                );
            }
        }
    }
}
