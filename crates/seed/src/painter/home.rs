//! The home: candles, ceramics, cushions and linens, lamps, things for the walls.

use super::*;

pub(super) fn vase(canvas: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let glaze = random_colour(rng, (0.1, 0.55), (0.45, 0.92));
    // A vase: a round body and a neck.
    let r = unit * rng.random_range(0.17..0.23);
    let body_y = cy - r * 0.6;
    let neck_h = r * rng.random_range(0.6..1.1);
    canvas.shadow(cx + r * 0.3, cy + r * 0.35, r * 1.1, r * 0.3, 0.35);
    canvas.fill(
        (cx - r * 1.1, body_y - r - neck_h * 1.6, cx + r * 1.1, body_y + r),
        |x, y| {
            ellipse(x, y, cx, body_y, r, r * 0.95).min(rounded_box(
                x,
                y,
                cx,
                body_y - r - neck_h * 0.5,
                r * 0.32,
                neck_h * 0.8,
                r * 0.1,
            ))
        },
        lit(glaze, cx - r * 0.4, body_y - r * 0.5, r * 1.6),
        1.0,
    );
    canvas.fill(
        (cx - r * 0.4, body_y - r * 0.8, cx, body_y),
        |x, y| ellipse(x, y, cx - r * 0.45, body_y - r * 0.35, r * 0.08, r * 0.25),
        |_, _| [1.0, 1.0, 1.0],
        0.35,
    );
}

pub(super) fn candle(canvas: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let glaze = random_colour(rng, (0.1, 0.55), (0.45, 0.92));
    // A candle in a jar, with its flame and glow.
    let hw = unit * rng.random_range(0.12..0.17);
    let hh = hw * rng.random_range(1.0..1.4);
    canvas.shadow(cx, cy + hh * 0.1, hw * 1.3, hw * 0.35, 0.3);
    let jar_y = cy - hh * 0.9;
    canvas.fill(
        (cx - hw, jar_y - hh, cx + hw, jar_y + hh),
        |x, y| rounded_box(x, y, cx, jar_y, hw, hh, hw * 0.15),
        lit(mix(glaze, [0.95, 0.95, 0.95], 0.3), cx - hw * 0.4, jar_y - hh * 0.5, hw * 2.0),
        1.0,
    );
    let wax_top = jar_y - hh * 0.7;
    canvas.fill(
        (cx - hw, wax_top - 4.0, cx + hw, wax_top + 6.0),
        |x, y| ellipse(x, y, cx, wax_top, hw * 0.9, hw * 0.15),
        |_, _| [0.97, 0.94, 0.88],
        1.0,
    );
    let flame = (cx, wax_top - hw * 0.45);
    canvas.fill(
        (cx - hw, flame.1 - hw, cx + hw, flame.1 + hw),
        |x, y| circle(x, y, flame.0, flame.1, hw * 0.9),
        |x, y| {
            let d = ((x - flame.0).powi(2) + (y - flame.1).powi(2)).sqrt() / (hw * 0.9);
            mix([1.0, 0.85, 0.5], [1.0, 0.97, 0.9], 1.0 - d)
        },
        0.25,
    );
    canvas.fill(
        (cx - hw * 0.2, flame.1 - hw * 0.4, cx + hw * 0.2, flame.1 + hw * 0.3),
        |x, y| ellipse(x, y, flame.0, flame.1, hw * 0.09, hw * 0.25),
        |_, _| [1.0, 0.78, 0.35],
        1.0,
    );
}

pub(super) fn bowls(canvas: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let glaze = random_colour(rng, (0.1, 0.55), (0.45, 0.92));
    // A stack of bowls.
    let r = unit * rng.random_range(0.2..0.27);
    canvas.shadow(cx, cy + r * 0.15, r * 1.2, r * 0.3, 0.35);
    for (i, k) in [1.0_f32, 0.82, 0.66].iter().enumerate() {
        let by = cy - r * 0.25 * i as f32 - r * 0.1;
        let rr = r * k;
        let colour = scale(glaze, 1.0 - 0.08 * i as f32);
        canvas.fill(
            (cx - rr, by - rr * 0.6, cx + rr, by + rr * 0.05),
            |x, y| ellipse(x, y, cx, by - rr * 0.6, rr, rr * 0.6).max(by - rr * 0.6 - y),
            lit(colour, cx - rr * 0.3, by - rr * 0.4, rr * 1.4),
            1.0,
        );
        canvas.fill(
            (cx - rr, by - rr * 0.75, cx + rr, by - rr * 0.45),
            |x, y| ellipse(x, y, cx, by - rr * 0.6, rr, rr * 0.13).abs() - 1.5,
            |_, _| scale(colour, 1.2),
            1.0,
        );
    }
}

/// A flame on its wick, with its glow.
fn flame(c: &mut Canvas, x: f32, y: f32, size: f32) {
    c.glow(x, y, size * 4.0, [1.0, 0.92, 0.7], 0.35);
    c.fill(
        (x - size, y - size * 2.0, x + size, y + size),
        |px, py| ellipse(px, py, x, y, size * 0.35, size),
        |_, _| [1.0, 0.78, 0.35],
        1.0,
    );
    c.fill(
        (x - size, y - size, x + size, y + size),
        |px, py| ellipse(px, py, x, y + size * 0.3, size * 0.16, size * 0.4),
        |_, _| [1.0, 0.97, 0.85],
        1.0,
    );
}

/// Pillar candles standing free, one to three of different heights.
pub(super) fn pillar_candles(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let wax = hsv(rng.random_range(0.0..1.0), rng.random_range(0.0..0.3), rng.random_range(0.82..0.97));
    let count = rng.random_range(1..=3);
    let mut x = cx - (count - 1) as f32 * unit * 0.11;
    for _ in 0..count {
        let hw = unit * rng.random_range(0.08..0.1);
        let h = unit * rng.random_range(0.22..0.38);
        let top = cy - h;
        c.shadow(x + hw * 0.3, cy, hw * 1.3, hw * 0.3, 0.3);
        c.fill(
            (x - hw, top - hw * 0.3, x + hw, cy),
            |px, py| rounded_box(px, py, x, top + h * 0.5, hw, h * 0.5, hw * 0.1),
            lit(wax, x - hw * 0.5, top, h),
            1.0,
        );
        c.fill(
            (x - hw, top - hw * 0.3, x + hw, top + hw * 0.3),
            |px, py| ellipse(px, py, x, top + hw * 0.08, hw * 0.85, hw * 0.16),
            |_, _| scale(wax, 0.88),
            1.0,
        );
        let wick = top - hw * 0.2;
        c.stroke(&[(x, top + hw * 0.05), (x, wick)], (unit * 0.004).max(1.0), [0.15, 0.12, 0.1], 1.0);
        flame(c, x, wick - hw * 0.35, hw * 0.3);
        x += unit * 0.22;
    }
}

/// Wax melts in their tray of little cells, a few loose beside.
pub(super) fn wax_melts(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let wax = hsv(rng.random_range(0.0..1.0), rng.random_range(0.15..0.45), rng.random_range(0.8..0.96));
    let tray = if rng.random_bool(0.5) { [0.8, 0.68, 0.52] } else { [0.93, 0.93, 0.92] };
    let hearts = rng.random_bool(0.4);
    let (hw, hh) = (unit * 0.22, unit * 0.12);
    let (tx, ty) = (cx - unit * 0.04, cy - hh * 1.2);
    c.shadow(tx, ty + hh, hw * 1.1, hh * 0.4, 0.3);
    c.fill(
        (tx - hw, ty - hh, tx + hw, ty + hh),
        |x, y| rounded_box(x, y, tx, ty, hw, hh, unit * 0.015),
        lit(tray, tx - hw, ty - hh, hw * 2.0),
        1.0,
    );
    let cell = unit * 0.055;
    let piece = |c: &mut Canvas, x: f32, y: f32, tint: Colour| {
        c.fill(
            (x - cell * 1.2, y - cell * 1.2, x + cell * 1.2, y + cell * 1.2),
            |px, py| {
                if hearts {
                    heart(px, py, x, y, cell * 0.8)
                } else {
                    rounded_box(px, py, x, y, cell * 0.8, cell * 0.8, cell * 0.3)
                }
            },
            lit(tint, x - cell * 0.4, y - cell * 0.4, cell * 1.5),
            1.0,
        );
    };
    for row in 0..2 {
        for col in 0..3 {
            let (x, y) = (tx + (col as f32 - 1.0) * hw * 0.64, ty + (row as f32 - 0.5) * hh * 0.95);
            c.fill(
                (x - cell, y - cell, x + cell, y + cell),
                |px, py| rounded_box(px, py, x, y, cell * 0.95, cell * 0.95, cell * 0.35),
                |_, _| scale(tray, 0.85),
                1.0,
            );
            piece(c, x, y, scale(wax, rng.random_range(0.95..1.05)));
        }
    }
    for k in 0..rng.random_range(1..3) {
        let (x, y) = (tx + hw + cell * (0.8 + k as f32 * 1.6), cy - cell);
        c.shadow(x, cy - cell * 0.1, cell, cell * 0.25, 0.3);
        piece(c, x, y, wax);
    }
}

/// A mug or a cup, one or two, a saucer under a cup.
pub(super) fn mugs(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let glaze = random_colour(rng, (0.1, 0.55), (0.45, 0.92));
    let drip = random_colour(rng, (0.05, 0.4), (0.6, 0.95));
    let count = rng.random_range(1..=2);
    let saucer = rng.random_bool(0.4);
    for i in 0..count {
        let hw = unit * rng.random_range(0.085..0.11);
        let hh = hw * rng.random_range(0.9..1.25);
        let x = cx + (i as f32 - (count - 1) as f32 * 0.5) * unit * 0.28;
        let base = if saucer { cy - unit * 0.02 } else { cy };
        let (by, top) = (base - hh, base - hh * 2.0);
        c.shadow(x + hw * 0.3, cy, hw * 1.6, hw * 0.3, 0.3);
        if saucer {
            c.fill(
                (x - hw * 2.0, cy - unit * 0.05, x + hw * 2.0, cy + unit * 0.02),
                |px, py| ellipse(px, py, x, cy - unit * 0.015, hw * 1.7, hw * 0.3),
                lit(glaze, x - hw, cy - unit * 0.05, hw * 2.0),
                1.0,
            );
        }
        let (hx, hr) = (x + hw, hh * 0.5);
        c.fill(
            (hx - hr, by - hr * 1.4, hx + hr * 1.4, by + hr * 1.4),
            |px, py| (ellipse(px, py, hx, by, hr, hr * 1.1).abs() - hw * 0.1).max(hx - px),
            lit(glaze, hx, by - hr, hr * 1.5),
            1.0,
        );
        c.fill(
            (x - hw, top - 2.0, x + hw, base),
            |px, py| rounded_box(px, py, x, by, hw, hh, hw * 0.12),
            lit(glaze, x - hw * 0.4, top, hh * 2.0),
            1.0,
        );
        // A second glaze dipped over the rim, running down.
        c.fill(
            (x - hw, top - 2.0, x + hw, by),
            |px, py| {
                rounded_box(px, py, x, by, hw, hh, hw * 0.12)
                    .max(py - (top + hh * 0.4 + ((px - x) / hw * 9.0).sin() * hh * 0.08))
            },
            lit(drip, x - hw * 0.4, top, hh * 2.0),
            1.0,
        );
        c.fill(
            (x - hw, top - hw * 0.3, x + hw, top + hw * 0.3),
            |px, py| ellipse(px, py, x, top, hw * 0.96, hw * 0.22),
            |_, _| scale(drip, 0.6),
            1.0,
        );
    }
}

/// Plates seen at an angle, stacked one to three, their rims catching the light.
pub(super) fn plates(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let glaze = random_colour(rng, (0.05, 0.45), (0.55, 0.95));
    let rim = mix(glaze, random_colour(rng, (0.3, 0.7), (0.3, 0.7)), 0.6);
    let count = rng.random_range(1..=3);
    let (rx, ry) = (unit * rng.random_range(0.25..0.32), unit * rng.random_range(0.09..0.12));
    let edge = unit * 0.014;
    let base = cy - ry - unit * 0.02;
    c.shadow(cx, cy - ry * 0.4, rx * 1.05, ry * 0.6, 0.3);
    for i in 0..count {
        let y = base - i as f32 * edge;
        c.fill(
            (cx - rx, y - ry, cx + rx, y + ry + edge),
            |x, py| ellipse(x, py, cx, y + edge * 0.6, rx, ry),
            |_, _| scale(glaze, 0.8),
            1.0,
        );
        c.fill(
            (cx - rx, y - ry, cx + rx, y + ry),
            |x, py| ellipse(x, py, cx, y, rx, ry),
            lit(glaze, cx - rx * 0.4, y - ry, rx * 1.5),
            1.0,
        );
        c.fill(
            (cx - rx, y - ry, cx + rx, y + ry),
            |x, py| ellipse(x, py, cx, y, rx, ry).abs() - unit * 0.005,
            |_, _| rim,
            1.0,
        );
    }
    let y = base - (count - 1) as f32 * edge;
    c.fill(
        (cx - rx, y - ry, cx + rx, y + ry),
        |x, py| ellipse(x, py, cx, y + ry * 0.05, rx * 0.68, ry * 0.66).abs() - 1.0,
        |_, _| scale(glaze, 0.88),
        0.8,
    );
}

/// A teapot: round body, lid and knob, spout, handle.
pub(super) fn teapot(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let glaze = random_colour(rng, (0.1, 0.6), (0.4, 0.9));
    let (rx, ry) = (unit * rng.random_range(0.13..0.16), unit * rng.random_range(0.11..0.13));
    let by = cy - ry;
    c.shadow(cx, cy, rx * 1.5, rx * 0.25, 0.35);
    let spout = [
        (cx + rx * 0.7, by - ry * 0.1),
        (cx + rx * 0.85, by + ry * 0.5),
        (cx + rx * 1.75, by - ry * 0.95),
        (cx + rx * 1.6, by - ry * 1.05),
    ];
    c.fill_polygon(&spout, lit(glaze, cx + rx, by - ry, rx), 1.0);
    let (hx, hr) = (cx - rx, ry * 0.6);
    c.fill(
        (hx - hr * 1.6, by - hr * 1.6, hx + 2.0, by + hr * 1.6),
        |x, y| (ellipse(x, y, hx, by - ry * 0.1, hr, hr * 1.1).abs() - rx * 0.07).max(x - hx),
        lit(glaze, hx, by - hr, hr * 1.5),
        1.0,
    );
    c.fill(
        (cx - rx, by - ry, cx + rx, cy),
        |x, y| ellipse(x, y, cx, by, rx, ry),
        lit(glaze, cx - rx * 0.4, by - ry * 0.5, rx * 1.5),
        1.0,
    );
    let lid = by - ry * 0.85;
    c.fill(
        (cx - rx, lid - ry * 0.4, cx + rx, lid + ry * 0.2),
        |x, y| {
            ellipse(x, y, cx, lid, rx * 0.5, ry * 0.25)
                .min(ellipse(x, y, cx, lid - ry * 0.05, rx * 0.42, ry * 0.3).max(y - lid))
        },
        lit(scale(glaze, 0.95), cx - rx * 0.2, lid - ry * 0.3, rx * 0.6),
        1.0,
    );
    let kr = rx * 0.12;
    c.fill(
        (cx - kr * 2.0, lid - ry * 0.3 - kr * 2.0, cx + kr * 2.0, lid),
        |x, y| circle(x, y, cx, lid - ry * 0.3 - kr * 0.6, kr),
        lit(glaze, cx, lid - ry * 0.4, kr),
        1.0,
    );
}

/// A cushion standing on the table: plump, piped, printed.
pub(super) fn cushion(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let (base, weave) = cloth(rng, unit);
    let hw = unit * rng.random_range(0.2..0.25);
    let hh = hw * rng.random_range(0.7..1.0);
    let by = cy - hh * 0.95;
    c.shadow(cx, cy, hw * 1.1, hh * 0.2, 0.35);
    // A squircle: a square plumped by its filling.
    let plump = move |x: f32, y: f32| {
        let (u, v) = (((x - cx) / hw).abs(), ((y - by) / hh).abs());
        ((u.powf(3.5) + v.powf(3.5)).powf(1.0 / 3.5) - 1.0) * hw.min(hh)
    };
    c.fill(
        (cx - hw - 2.0, by - hh - 2.0, cx + hw + 2.0, by + hh + 2.0),
        plump,
        move |x, y| {
            let (u, v) = ((x - cx) / hw, (y - by) / hh);
            scale(weave(x, y), 1.05 - 0.2 * (u * u + v * v) - 0.1 * (u * 0.5 + v * 0.7))
        },
        1.0,
    );
    c.fill(
        (cx - hw - 2.0, by - hh - 2.0, cx + hw + 2.0, by + hh + 2.0),
        |x, y| plump(x, y).abs() - 1.2,
        |_, _| scale(base, 0.7),
        0.9,
    );
    if rng.random_bool(0.4) {
        let r = unit * 0.014;
        c.fill(
            (cx - r * 2.0, by - r * 2.0, cx + r * 2.0, by + r * 2.0),
            |x, y| circle(x, y, cx, by, r),
            lit(scale(base, 0.8), cx, by, r),
            1.0,
        );
    }
}

/// Folded textiles, stacked: a throw (thick, fringed) or linens (flat, banded).
fn folded_stack(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot, throw: bool) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let layers = if throw { rng.random_range(1..=2) } else { rng.random_range(2..=4) };
    let hw = unit * rng.random_range(0.25..0.3);
    let hh = if throw { unit * rng.random_range(0.05..0.07) } else { unit * rng.random_range(0.035..0.045) };
    c.shadow(cx, cy, hw * 1.1, hh * 1.5, 0.3);
    let linen = [[0.96, 0.95, 0.92], [0.86, 0.8, 0.7], [0.78, 0.84, 0.86], [0.9, 0.8, 0.78]];
    for i in 0..layers {
        let y = cy - hh - i as f32 * hh * 2.05;
        let x = cx + rng.random_range(-0.04..0.04) * hw;
        let (base, weave) = cloth(rng, unit);
        let plain = if throw { base } else { linen[rng.random_range(0..linen.len())] };
        let band = scale(random_colour(rng, (0.3, 0.7), (0.3, 0.8)), 1.0);
        let band_x = x + hw * 0.6;
        c.fill(
            (x - hw, y - hh, x + hw, y + hh),
            |px, py| rounded_box(px, py, x, y, hw, hh, hh * 0.6),
            move |px, py| {
                let surface = if throw {
                    weave(px, py)
                } else if (px - band_x).abs() < hw * 0.06 {
                    band
                } else {
                    plain
                };
                scale(surface, 1.0 - 0.15 * ((py - y) / hh).abs())
            },
            1.0,
        );
        if throw {
            let step = unit * 0.008;
            let threads: Vec<_> =
                (0..((hh * 1.6 / step) as usize).max(1)).map(|k| (x + hw, y - hh * 0.8 + k as f32 * step)).collect();
            for &(fx, fy) in &threads {
                c.stroke(
                    &[(fx, fy), (fx + unit * 0.035, fy + unit * 0.01)],
                    (unit * 0.004).max(0.8),
                    scale(base, 0.85),
                    0.9,
                );
            }
        } else {
            c.stroke(&[(x - hw * 0.96, y - hh * 0.4), (x + hw * 0.96, y - hh * 0.4)], 1.0, scale(plain, 0.85), 0.6);
        }
    }
}

/// A folded throw, thick and fringed.
pub(super) fn throw(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    folded_stack(c, rng, at, true);
}

/// Folded linens: towels, tablecloths, runners, a woven band across them.
pub(super) fn linens(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    folded_stack(c, rng, at, false);
}

/// A table lamp, lit: its base, its shade glowing, its cord.
pub(super) fn table_lamp(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let base = if rng.random_bool(0.5) { random_colour(rng, (0.1, 0.5), (0.4, 0.9)) } else { wood_of(rng) };
    let shade = [[0.95, 0.92, 0.85], [0.88, 0.8, 0.66], [0.93, 0.86, 0.8], [0.8, 0.84, 0.8]][rng.random_range(0..4)];
    let r = unit * rng.random_range(0.08..0.11);
    let by = cy - r;
    let stem = unit * rng.random_range(0.06..0.12);
    let shade_bottom = by - r - stem;
    let (top_w, bottom_w, sh) =
        (unit * rng.random_range(0.08..0.11), unit * rng.random_range(0.15..0.19), unit * rng.random_range(0.13..0.17));
    c.shadow(cx, cy, r * 1.6, r * 0.3, 0.35);
    c.stroke(
        &[(cx + r * 0.7, cy - r * 0.1), (cx + unit * 0.3, cy + unit * 0.02)],
        (unit * 0.004).max(1.0),
        [0.2, 0.2, 0.2],
        0.9,
    );
    c.stroke(&[(cx, by), (cx, shade_bottom)], (unit * 0.012).max(1.0), [0.75, 0.7, 0.6], 1.0);
    let round = rng.random_bool(0.5);
    c.fill(
        (cx - r, by - r, cx + r, cy),
        |x, y| if round { ellipse(x, y, cx, by, r, r) } else { rounded_box(x, y, cx, by, r * 0.6, r, r * 0.15) },
        lit(base, cx - r * 0.4, by - r * 0.4, r * 1.4),
        1.0,
    );
    c.glow(cx, shade_bottom - sh * 0.3, unit * 0.35, [1.0, 0.93, 0.78], 0.3);
    let lampshade = [
        (cx - top_w, shade_bottom - sh),
        (cx + top_w, shade_bottom - sh),
        (cx + bottom_w, shade_bottom),
        (cx - bottom_w, shade_bottom),
    ];
    c.fill_polygon(
        &lampshade,
        move |_, y| mix(shade, [1.0, 0.97, 0.88], ((y - (shade_bottom - sh)) / sh).clamp(0.0, 1.0) * 0.5),
        1.0,
    );
}

/// A pendant lamp hung from the ceiling on its cord, its bulb lit below.
pub(super) fn pendant_lamp(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let shade = if rng.random_bool(0.4) { [0.78, 0.62, 0.42] } else { random_colour(rng, (0.05, 0.5), (0.2, 0.9)) };
    let rattan = shade == [0.78, 0.62, 0.42];
    let rx = unit * rng.random_range(0.15..0.2);
    let ry = rx * rng.random_range(0.6..0.9);
    let bottom = cy - unit * rng.random_range(0.12..0.2);
    let top = bottom - ry;
    c.stroke(&[(cx, 0.0), (cx, top)], (unit * 0.005).max(1.0), [0.15, 0.15, 0.15], 1.0);
    c.shadow(cx, cy + unit * 0.02, rx * 1.2, rx * 0.25, 0.15);
    c.glow(cx, bottom, unit * 0.4, [1.0, 0.93, 0.78], 0.35);
    let period = unit * 0.02;
    c.fill(
        (cx - rx, top - 2.0, cx + rx, bottom + 2.0),
        |x, y| ellipse(x, y, cx, bottom, rx, ry).max(y - bottom),
        move |x, y| {
            let weave =
                if rattan && ((((x / period).floor() + (y / period).floor()) as i64) % 2 == 0) { 0.85 } else { 1.0 };
            scale(lit(shade, cx - rx * 0.4, top, rx * 1.6)(x, y), weave)
        },
        1.0,
    );
    let br = rx * 0.2;
    c.fill(
        (cx - br * 2.0, bottom - br, cx + br * 2.0, bottom + br * 2.0),
        |x, y| circle(x, y, cx, bottom + br * 0.3, br),
        |_, _| [1.0, 0.97, 0.88],
        1.0,
    );
}

/// Light bulbs on a cord sagging across the wall.
pub(super) fn string_lights(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, unit, .. } = at;
    let big = rng.random_bool(0.5);
    let y = on_wall(at, unit * 0.15) - unit * 0.1;
    let (a, b) = ((cx - unit * 0.48, y), (cx + unit * 0.48, y - unit * 0.02));
    let depth = unit * rng.random_range(0.12..0.2);
    let cord: Vec<_> = (0..=40).map(|i| sag(a, b, depth, i as f32 / 40.0)).collect();
    c.nail(a.0, a.1, unit);
    c.nail(b.0, b.1, unit);
    c.stroke(&cord, (unit * 0.004).max(1.0), [0.12, 0.12, 0.12], 1.0);
    let bulbs = if big { rng.random_range(5..8) } else { rng.random_range(12..18) };
    for i in 0..bulbs {
        let (x, y) = sag(a, b, depth, (i as f32 + 0.5) / bulbs as f32);
        let r = if big { unit * 0.028 } else { unit * 0.012 };
        c.fill(
            (x - r, y - 1.0, x + r, y + r * 1.2),
            |px, py| rounded_box(px, py, x, y + r * 0.5, r * 0.45, r * 0.5, 1.0),
            |_, _| [0.15, 0.15, 0.15],
            1.0,
        );
        let (gx, gy) = (x, y + r * 1.9);
        c.glow(gx, gy, r * 4.0, [1.0, 0.92, 0.7], 0.4);
        c.fill(
            (gx - r * 1.2, gy - r * 1.4, gx + r * 1.2, gy + r * 1.4),
            |px, py| ellipse(px, py, gx, gy, r, r * 1.15),
            |_, _| [1.0, 0.96, 0.82],
            1.0,
        );
    }
}

/// A woven or knotted hanging on its dowel, fringed below.
pub(super) fn wall_hanging(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, unit, .. } = at;
    let cord = [[0.93, 0.9, 0.83], [0.85, 0.76, 0.62], [0.75, 0.55, 0.45]][rng.random_range(0..3)];
    let bands: Vec<Colour> =
        (0..4).map(|_| mix(cord, random_colour(rng, (0.3, 0.7), (0.35, 0.85)), rng.random_range(0.0..0.8))).collect();
    let knotted = rng.random_bool(0.5);
    let (hw, hh) = (unit * rng.random_range(0.16..0.22), unit * rng.random_range(0.2..0.26));
    let cy = on_wall(at, hh + unit * 0.05);
    let top = cy - hh;
    c.nail(cx, top - unit * 0.1, unit);
    c.stroke(&[(cx - hw, top), (cx, top - unit * 0.1), (cx + hw, top)], 1.0, scale(cord, 0.7), 0.9);
    let point = top + hh * 2.0;
    let panel = [
        (cx - hw * 0.9, top),
        (cx + hw * 0.9, top),
        (cx + hw * 0.9, top + hh * 1.3),
        (cx, point),
        (cx - hw * 0.9, top + hh * 1.3),
    ];
    let period = unit * 0.03;
    c.fill_polygon(
        &panel,
        move |x, y| {
            if knotted {
                let (u, v) = ((x - cx) / period + (y / period).floor() * 0.5, y / period);
                let knot = (u.fract() - 0.5).powi(2) + (v.fract() - 0.5).powi(2) < 0.12;
                scale(cord, if knot { 1.05 } else { 0.8 })
            } else {
                let row = (((y - top) / (hh * 0.5)) as usize).min(3);
                scale(bands[row], 0.95 + 0.08 * ((y / (unit * 0.006)).sin()))
            }
        },
        1.0,
    );
    let step = unit * 0.01;
    for (i, (x, y)) in along((cx - hw * 0.9, top + hh * 1.3), (cx, point), step)
        .into_iter()
        .chain(along((cx, point), (cx + hw * 0.9, top + hh * 1.3), step))
        .enumerate()
    {
        let length = unit * (0.05 + 0.02 * ((i as f32) * 0.7).sin());
        c.stroke(&[(x, y), (x, y + length)], (unit * 0.004).max(0.8), scale(cord, 0.9), 0.95);
    }
    c.stroke(
        &[(cx - hw - unit * 0.02, top), (cx + hw + unit * 0.02, top)],
        (unit * 0.014).max(1.0),
        [0.62, 0.45, 0.3],
        1.0,
    );
}

/// A round or arched mirror on the wall, its frame and a reflection.
pub(super) fn mirror(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, unit, .. } = at;
    let frame = [[0.78, 0.62, 0.42], [0.86, 0.72, 0.4], [0.2, 0.18, 0.17], [0.62, 0.45, 0.3]][rng.random_range(0..4)];
    let round = rng.random_bool(0.5);
    let (hw, hh) = if round {
        let r = unit * rng.random_range(0.17..0.22);
        (r, r)
    } else {
        (unit * rng.random_range(0.13..0.17), unit * rng.random_range(0.22..0.27))
    };
    let cy = on_wall(at, hh);
    let width = unit * rng.random_range(0.012..0.03);
    let shape =
        move |x: f32, y: f32| if round { circle(x, y, cx, cy, hw) } else { rounded_box(x, y, cx, cy, hw, hh, hw) };
    c.wall_shadow(cx, cy, hw, hh, hw, unit);
    if round {
        c.stroke(&[(cx, cy - hh), (cx, cy - hh - unit * 0.08)], (unit * 0.01).max(1.0), [0.45, 0.3, 0.2], 1.0);
        c.nail(cx, cy - hh - unit * 0.08, unit);
    }
    let bbox = (cx - hw - 2.0, cy - hh - 2.0, cx + hw + 2.0, cy + hh + 2.0);
    c.fill(bbox, shape, metal(frame, cx, cy, hw), 1.0);
    c.fill(
        bbox,
        |x, y| shape(x, y) + width,
        move |x, y| {
            let t = ((y - cy + hh) / (hh * 2.0)).clamp(0.0, 1.0);
            let glass = mix([0.82, 0.86, 0.88], [0.6, 0.66, 0.7], t);
            let streak = ((x - cx) + (y - cy) * 0.8) / hw;
            if (streak + 0.2).abs() < 0.12 || (streak - 0.15).abs() < 0.05 {
                mix(glass, [1.0, 1.0, 1.0], 0.5)
            } else {
                glass
            }
        },
        1.0,
    );
}

/// A wall shelf on its brackets, a few things standing on it.
pub(super) fn wall_shelf(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, unit, .. } = at;
    let wood = wood_of(rng);
    let hw = unit * rng.random_range(0.26..0.32);
    let shelf_y = on_wall(at, unit * 0.1) + unit * 0.06;
    let t = unit * 0.018;
    c.wall_shadow(cx, shelf_y + t, hw, t, 2.0, unit);
    for side in [-1.0, 1.0] {
        let bx = cx + side * hw * 0.7;
        c.fill_polygon(
            &[(bx - unit * 0.01, shelf_y), (bx + unit * 0.01, shelf_y), (bx + unit * 0.01, shelf_y + unit * 0.07)],
            |_, _| [0.2, 0.2, 0.2],
            1.0,
        );
    }
    // What stands on it: a small vase, books, a potted plant.
    let vase = random_colour(rng, (0.1, 0.5), (0.5, 0.9));
    let (vx, vr) = (cx - hw * 0.55, unit * 0.045);
    c.fill(
        (vx - vr, shelf_y - vr * 3.0, vx + vr, shelf_y),
        |x, y| {
            ellipse(x, y, vx, shelf_y - vr, vr, vr).min(rounded_box(
                x,
                y,
                vx,
                shelf_y - vr * 2.2,
                vr * 0.35,
                vr * 0.6,
                1.0,
            ))
        },
        lit(vase, vx - vr * 0.3, shelf_y - vr * 2.0, vr * 1.5),
        1.0,
    );
    for k in 0..3 {
        let (bx, bh) = (cx - hw * 0.05 + k as f32 * unit * 0.03, unit * rng.random_range(0.07..0.1));
        let cover = random_colour(rng, (0.2, 0.6), (0.3, 0.8));
        c.fill(
            (bx - unit * 0.015, shelf_y - bh, bx + unit * 0.015, shelf_y),
            |x, y| rounded_box(x, y, bx, shelf_y - bh * 0.5, unit * 0.013, bh * 0.5, 1.0),
            lit(cover, bx, shelf_y - bh, bh),
            1.0,
        );
    }
    let (px, pr) = (cx + hw * 0.6, unit * 0.035);
    let leaf = hsv(rng.random_range(0.25..0.38), 0.45, 0.55);
    for k in 0..5 {
        let a = -std::f32::consts::FRAC_PI_2 + (k as f32 - 2.0) * 0.45;
        let (lx, ly) = (px + a.cos() * pr * 1.3, shelf_y - pr * 1.6 + a.sin() * pr * 1.3);
        c.fill(
            (lx - pr, ly - pr, lx + pr, ly + pr),
            |x, y| ellipse(x, y, lx, ly, pr * 0.5, pr * 0.5),
            lit(leaf, lx, ly, pr),
            1.0,
        );
    }
    c.fill(
        (px - pr, shelf_y - pr * 1.4, px + pr, shelf_y),
        |x, y| rounded_box(x, y, px, shelf_y - pr * 0.7, pr * 0.8, pr * 0.7, 2.0),
        lit([0.75, 0.45, 0.32], px, shelf_y - pr, pr),
        1.0,
    );
    c.fill(
        (cx - hw, shelf_y - t, cx + hw, shelf_y + t),
        |x, y| rounded_box(x, y, cx, shelf_y, hw, t, 2.0),
        lit(wood, cx - hw, shelf_y - t, hw),
        1.0,
    );
}

/// A rail of pegs or hooks on the wall.
pub(super) fn wall_hooks(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, unit, .. } = at;
    let wood = wood_of(rng);
    let pegs = rng.random_range(3..=5);
    let metal_hooks = rng.random_bool(0.4);
    let hook_colour = if metal_hooks { [0.2, 0.2, 0.2] } else { scale(wood_of(rng), 0.9) };
    let (hw, hh) = (unit * rng.random_range(0.26..0.32), unit * rng.random_range(0.035..0.05));
    let cy = on_wall(at, hh);
    c.wall_shadow(cx, cy, hw, hh, hh * 0.3, unit);
    c.fill(
        (cx - hw, cy - hh, cx + hw, cy + hh),
        |x, y| rounded_box(x, y, cx, cy, hw, hh, hh * 0.3),
        lit(wood, cx - hw, cy - hh, hw),
        1.0,
    );
    for k in 0..pegs {
        let x = cx - hw + hw * 2.0 * (k as f32 + 0.5) / pegs as f32;
        let r = hh * 0.55;
        if metal_hooks {
            c.fill(
                (x - r * 2.0, cy - r, x + r * 2.0, cy + r * 4.0),
                |px, py| {
                    (circle(px, py, x, cy + r * 1.8, r * 1.2).abs() - r * 0.2).max(cy + r * 1.8 - py).min(segment(
                        px,
                        py,
                        (x - r * 1.2, cy + r * 1.8),
                        (x - r * 1.2, cy),
                        r * 0.2,
                    ))
                },
                metal(hook_colour, x, cy, r),
                1.0,
            );
        } else {
            c.fill(
                (x - r * 2.0, cy - r * 2.0, x + r * 2.5, cy + r * 2.5),
                |px, py| circle(px, py, x + r * 0.3, cy + r * 0.4, r),
                |_, _| [0.0; 3],
                0.25,
            );
            c.fill(
                (x - r * 2.0, cy - r * 2.0, x + r * 2.0, cy + r * 2.0),
                |px, py| circle(px, py, x, cy, r),
                lit(hook_colour, x - r * 0.3, cy - r * 0.3, r),
                1.0,
            );
        }
    }
}

/// A plaque in relief on the wall: raised shapes that catch the light on one
/// side and shade on the other.
pub(super) fn relief(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, unit, .. } = at;
    let plaster = [[0.93, 0.91, 0.87], [0.78, 0.5, 0.38], [0.82, 0.78, 0.7], [0.6, 0.62, 0.6]][rng.random_range(0..4)];
    let round = rng.random_bool(0.35);
    let (hw, hh) = (unit * rng.random_range(0.17..0.21), unit * rng.random_range(0.17..0.24));
    let hh = if round { hw } else { hh };
    let cy = on_wall(at, hh);
    let shape = move |x: f32, y: f32| {
        if round { circle(x, y, cx, cy, hw) } else { rounded_box(x, y, cx, cy, hw, hh, unit * 0.01) }
    };
    c.wall_shadow(cx, cy, hw, hh, if round { hw } else { unit * 0.01 }, unit);
    c.fill(
        (cx - hw - 2.0, cy - hh - 2.0, cx + hw + 2.0, cy + hh + 2.0),
        shape,
        lit(plaster, cx - hw, cy - hh, hw * 2.0),
        1.0,
    );
    let depth = unit * 0.006;
    for _ in 0..rng.random_range(3..6) {
        let (sx, sy) = (cx + rng.random_range(-0.55..0.55) * hw, cy + rng.random_range(-0.55..0.55) * hh);
        let r = unit * rng.random_range(0.03..0.07);
        let leaf = rng.random_bool(0.5);
        let angle = rng.random_range(0.0..std::f32::consts::PI);
        let form = move |x: f32, y: f32, dx: f32| {
            let (u, v) = turned(x - dx, y - dx, sx, sy, angle);
            let f = if leaf { ellipse(u, v, sx, sy, r, r * 0.4) } else { circle(u, v, sx, sy, r * 0.7) };
            f.max(shape(x, y) + unit * 0.01)
        };
        let bbox = (sx - r * 1.3, sy - r * 1.3, sx + r * 1.3, sy + r * 1.3);
        c.fill(bbox, |x, y| form(x, y, depth), |_, _| scale(plaster, 0.72), 1.0);
        c.fill(bbox, |x, y| form(x, y, -depth), |_, _| scale(plaster, 1.1), 1.0);
        c.fill(bbox, |x, y| form(x, y, 0.0), lit(plaster, sx - r, sy - r, r * 2.0), 1.0);
    }
}
