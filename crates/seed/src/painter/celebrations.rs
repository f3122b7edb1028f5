//! Weddings and parties: flowers, signs, bridal accessories, favours, decorations.

use super::*;

pub(super) fn wedding(canvas: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let petals = hsv(rng.random_range(0.85..1.1), rng.random_range(0.12..0.35), rng.random_range(0.88..0.98));
    let leaf = hsv(rng.random_range(0.22..0.38), rng.random_range(0.2..0.45), rng.random_range(0.45..0.7));
    let flowers = rng.random_range(3..7);
    canvas.shadow(cx, cy + unit * 0.05, unit * 0.3, unit * 0.07, 0.25);
    // A ribbon across the composition.
    let (ax, ay, bx, by) = (cx - unit * 0.4, cy + unit * 0.02, cx + unit * 0.4, cy - unit * 0.05);
    canvas.fill(
        (ax, ay.min(by) - unit * 0.03, bx, ay.max(by) + unit * 0.03),
        |x, y| segment(x, y, (ax, ay), (bx, by), unit * 0.012),
        lit(scale(petals, 0.92), cx, cy, unit * 0.4),
        1.0,
    );
    for _ in 0..flowers {
        let (fx, fy) = (cx + rng.random_range(-0.3..0.3) * unit, cy - rng.random_range(0.02..0.25) * unit);
        let r = unit * rng.random_range(0.035..0.07);
        let (lx, ly) = (fx + r * 1.2, fy + r * 0.6);
        canvas.fill(
            (lx - r * 1.2, ly - r, lx + r * 1.2, ly + r),
            |x, y| ellipse(x, y, lx, ly, r * 1.1, r * 0.45),
            lit(leaf, lx, ly, r),
            1.0,
        );
        for k in 0..6 {
            let a = k as f32 / 6.0 * std::f32::consts::TAU + rng.random_range(0.0..0.5);
            let (px, py) = (fx + a.cos() * r * 0.6, fy + a.sin() * r * 0.6);
            canvas.fill(
                (px - r * 0.6, py - r * 0.6, px + r * 0.6, py + r * 0.6),
                |x, y| circle(x, y, px, py, r * 0.55),
                lit(petals, px - r * 0.2, py - r * 0.2, r * 0.7),
                1.0,
            );
        }
        canvas.fill(
            (fx - r * 0.3, fy - r * 0.3, fx + r * 0.3, fy + r * 0.3),
            |x, y| circle(x, y, fx, fy, r * 0.25),
            |_, _| [0.93, 0.82, 0.5],
            1.0,
        );
    }
}

/// Five or six round petals and a heart.
fn blossom(c: &mut Canvas, x: f32, y: f32, r: f32, petals: Colour) {
    for k in 0..6 {
        let a = k as f32 / 6.0 * std::f32::consts::TAU;
        let (px, py) = (x + a.cos() * r * 0.6, y + a.sin() * r * 0.6);
        c.fill(
            (px - r * 0.6, py - r * 0.6, px + r * 0.6, py + r * 0.6),
            |qx, qy| circle(qx, qy, px, py, r * 0.5),
            lit(petals, px - r * 0.2, py - r * 0.2, r * 0.7),
            1.0,
        );
    }
    c.fill(
        (x - r * 0.3, y - r * 0.3, x + r * 0.3, y + r * 0.3),
        |qx, qy| circle(qx, qy, x, y, r * 0.25),
        |_, _| [0.93, 0.82, 0.5],
        1.0,
    );
}

fn leaf(c: &mut Canvas, x: f32, y: f32, size: f32, angle: f32, colour: Colour) {
    c.fill(
        (x - size, y - size, x + size, y + size),
        |qx, qy| {
            let (u, v) = turned(qx, qy, x, y, angle);
            ellipse(u, v, x, y, size, size * 0.4)
        },
        lit(colour, x, y - size * 0.3, size),
        1.0,
    );
}

fn petals_of(rng: &mut impl Rng) -> Colour {
    hsv(rng.random_range(0.85..1.1), rng.random_range(0.0..0.35), rng.random_range(0.88..0.99))
}

fn greenery_of(rng: &mut impl Rng) -> Colour {
    hsv(rng.random_range(0.22..0.38), rng.random_range(0.2..0.45), rng.random_range(0.45..0.7))
}

/// A satin ring cushion, its bow and the two rings tied to it.
pub(super) fn ring_cushion(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let satin = [[0.97, 0.95, 0.9], [0.92, 0.88, 0.8], [0.86, 0.8, 0.72], [0.95, 0.88, 0.88]][rng.random_range(0..4)];
    let ribbon = mix(petals_of(rng), satin, 0.3);
    let (hw, hh) = (unit * rng.random_range(0.16..0.2), unit * rng.random_range(0.09..0.11));
    let by = cy - hh * 1.3;
    c.shadow(cx, cy - hh * 0.2, hw * 1.1, hh * 0.5, 0.3);
    let plump = move |x: f32, y: f32| {
        let (u, v) = (((x - cx) / hw).abs(), ((y - by) / hh).abs());
        ((u.powf(3.0) + v.powf(3.0)).powf(1.0 / 3.0) - 1.0) * hh
    };
    c.fill(
        (cx - hw - 2.0, by - hh - 2.0, cx + hw + 2.0, by + hh * 1.5),
        plump,
        move |x, y| scale(satin, 1.04 - 0.12 * ((x - cx) / hw).powi(2) - 0.15 * ((y - by) / hh)),
        1.0,
    );
    c.fill(
        (cx - hw - 2.0, by - hh - 2.0, cx + hw + 2.0, by + hh * 1.5),
        |x, y| plump(x, y).abs() - 1.5,
        |_, _| scale(satin, 0.8),
        0.9,
    );
    for side in [-1.0, 1.0] {
        let (lx, ly) = (cx + side * hw * 0.2, by - hh * 0.05);
        c.fill(
            (lx - hw * 0.3, ly - hh * 0.5, lx + hw * 0.3, ly + hh * 0.5),
            |x, y| ellipse(x, y, lx, ly, hw * 0.18, hh * 0.3),
            lit(ribbon, lx, ly - hh * 0.2, hw * 0.2),
            1.0,
        );
        c.stroke(&[(cx, by), (cx + side * hw * 0.15, by + hh * 0.6)], unit * 0.012, scale(ribbon, 0.92), 1.0);
    }
    let gold = METALS[0];
    for (dx, dy) in [(-0.35, 0.35), (0.3, 0.42)] {
        let (rx, ry) = (cx + hw * dx, by + hh * dy);
        let r = unit * 0.032;
        c.fill(
            (rx - r * 1.4, ry - r, rx + r * 1.4, ry + r),
            |x, y| ellipse(x, y, rx, ry, r, r * 0.6).abs() - r * 0.15,
            metal(gold, rx, ry, r),
            1.0,
        );
    }
    c.fill(
        (cx - unit * 0.02, by - unit * 0.02, cx + unit * 0.02, by + unit * 0.02),
        |x, y| circle(x, y, cx, by, unit * 0.014),
        |_, _| scale(ribbon, 0.85),
        1.0,
    );
}

/// A welcome sign or a seating plan on its wooden easel.
pub(super) fn wedding_sign(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let board = [[0.97, 0.96, 0.93], [0.8, 0.64, 0.45], [0.2, 0.22, 0.2], [0.88, 0.9, 0.9]][rng.random_range(0..4)];
    let ink = if board[0] < 0.5 { [0.95, 0.95, 0.92] } else { [0.2, 0.2, 0.22] };
    let wood = wood_of(rng);
    let (hw, hh) = (unit * rng.random_range(0.17..0.21), unit * rng.random_range(0.2..0.24));
    let by = cy - unit * 0.12 - hh;
    let leg = (unit * 0.012).max(1.0);
    c.shadow(cx, cy, hw * 1.2, hw * 0.15, 0.3);
    c.stroke(&[(cx, by - hh - unit * 0.04), (cx, cy - unit * 0.02)], leg, scale(wood, 0.8), 1.0);
    c.wall_shadow(cx, by, hw, hh, unit * 0.01, unit * 0.6);
    c.fill(
        (cx - hw, by - hh, cx + hw, by + hh),
        |x, y| rounded_box(x, y, cx, by, hw, hh, unit * 0.01),
        lit(board, cx - hw, by - hh, hh * 2.0),
        1.0,
    );
    for side in [-1.0, 1.0] {
        c.stroke(&[(cx + side * hw * 0.5, by - hh - unit * 0.02), (cx + side * hw * 0.85, cy)], leg, wood, 1.0);
    }
    c.stroke(&[(cx - hw * 1.05, by + hh), (cx + hw * 1.05, by + hh)], leg * 1.5, wood, 1.0);
    let line = (unit * 0.004).max(0.8);
    if rng.random_bool(0.5) {
        // A welcome in script: looping lines.
        for k in 0..3 {
            let y = by - hh * 0.35 + k as f32 * hh * 0.3;
            let w = hw * (0.7 - 0.15 * k as f32);
            let points: Vec<_> = (0..=30)
                .map(|i| {
                    let t = i as f32 / 30.0;
                    (cx - w + 2.0 * w * t, y + (t * 40.0).sin() * hh * 0.05 + (t * 7.0).sin() * hh * 0.02)
                })
                .collect();
            c.stroke(&points, line, ink, 0.9);
        }
    } else {
        // A seating plan: the tables in columns.
        for col in 0..3 {
            let x = cx - hw * 0.6 + col as f32 * hw * 0.6;
            text_column(c, x, by - hh * 0.6, hw * 0.22, hh * 0.12, ink);
        }
    }
    let petals = petals_of(rng);
    let green = greenery_of(rng);
    for k in 0..4 {
        let (fx, fy) = (cx - hw * 0.85 + k as f32 * unit * 0.03, by - hh * 0.88 + (k % 2) as f32 * unit * 0.03);
        leaf(c, fx + unit * 0.02, fy + unit * 0.015, unit * 0.025, 0.6, green);
        blossom(c, fx, fy, unit * 0.025, petals);
    }
}

/// A heading and short lines beneath it.
fn text_column(c: &mut Canvas, x: f32, y: f32, w: f32, gap: f32, ink: Colour) {
    for k in 0..6 {
        let (ly, lw, lh) =
            (y + k as f32 * gap, if k == 0 { w } else { w * 0.8 }, if k == 0 { gap * 0.2 } else { gap * 0.1 });
        c.fill(
            (x - lw - 1.0, ly - gap, x + lw + 1.0, ly + gap),
            |px, py| rounded_box(px, py, x, ly, lw, lh.max(0.6), 0.5),
            |_, _| ink,
            0.85,
        );
    }
}

/// A veil hung from its comb: sheer tulle falling wide, a scalloped lace edge.
pub(super) fn veil(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let tulle = [[1.0, 1.0, 1.0], [0.99, 0.96, 0.9]][rng.random_range(0..2)];
    let top = cy - unit * 0.45;
    let (top_w, bottom_w) = (unit * 0.06, unit * rng.random_range(0.26..0.32));
    let bottom = cy + unit * 0.08;
    c.nail(cx, top - unit * 0.03, unit);
    let sheet = [(cx - top_w, top), (cx + top_w, top), (cx + bottom_w, bottom), (cx - bottom_w, bottom)];
    c.fill_polygon(&sheet, |_, _| [0.0, 0.0, 0.0], 0.06);
    c.fill_polygon(
        &sheet,
        move |x, y| {
            let t = ((y - top) / (bottom - top)).clamp(0.0, 1.0);
            let spread = top_w + (bottom_w - top_w) * t;
            scale(tulle, 0.9 + 0.1 * ((x - cx) / spread * 9.0).cos())
        },
        0.72,
    );
    let scallop = unit * 0.02;
    let n = ((bottom_w * 2.0 / (scallop * 1.6)) as usize).max(2);
    for k in 0..=n {
        let x = cx - bottom_w + bottom_w * 2.0 * k as f32 / n as f32;
        c.fill(
            (x - scallop, bottom - scallop, x + scallop, bottom + scallop),
            |px, py| circle(px, py, x, bottom, scallop * 0.8).abs() - 0.8,
            |_, _| scale(tulle, 0.85),
            0.9,
        );
    }
    let gold = METALS[rng.random_range(0..2)];
    c.fill(
        (cx - top_w * 1.2, top - unit * 0.02, cx + top_w * 1.2, top + unit * 0.02),
        |x, y| rounded_box(x, y, cx, top, top_w * 1.1, unit * 0.01, unit * 0.004),
        metal(gold, cx, top, top_w),
        1.0,
    );
}

/// A bridal comb: teeth below, pearls, leaves or flowers along its spine.
pub(super) fn hair_comb(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let gold = METALS[rng.random_range(0..3)];
    let flowers = rng.random_bool(0.5);
    let petals = petals_of(rng);
    let hw = unit * rng.random_range(0.18..0.21);
    let spine = cy - unit * 0.14;
    c.shadow(cx, cy - unit * 0.02, hw * 1.3, unit * 0.03, 0.3);
    let teeth = 14;
    for k in 0..teeth {
        let x = cx - hw * 0.9 + hw * 1.8 * k as f32 / (teeth - 1) as f32;
        c.stroke(&[(x, spine), (x, spine + unit * 0.1)], (unit * 0.008).max(1.0), scale(gold, 0.85), 1.0);
    }
    c.fill(
        (cx - hw - 2.0, spine - unit * 0.02, cx + hw + 2.0, spine + unit * 0.02),
        |x, y| rounded_box(x, y, cx, spine, hw, unit * 0.01, unit * 0.005),
        metal(gold, cx, spine, hw),
        1.0,
    );
    for k in 0..7 {
        let x = cx - hw * 0.9 + hw * 1.8 * k as f32 / 6.0;
        let y = spine - unit * 0.02 - (k % 2) as f32 * unit * 0.02;
        leaf(c, x + unit * 0.015, y - unit * 0.01, unit * 0.022, (k as f32 - 3.0) * 0.4, gold);
        if flowers && k % 2 == 1 {
            blossom(c, x, y - unit * 0.01, unit * 0.03, petals);
        } else {
            let r = unit * 0.022;
            c.fill(
                (x - r * 1.5, y - r * 1.5, x + r * 1.5, y + r * 1.5),
                |px, py| circle(px, py, x, y, r),
                lit([0.97, 0.95, 0.9], x - r * 0.3, y - r * 0.3, r),
                1.0,
            );
        }
    }
}

/// A crown of flowers lying on the table, seen at an angle.
pub(super) fn flower_crown(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let petals = petals_of(rng);
    let second = petals_of(rng);
    let green = greenery_of(rng);
    let (rx, ry) = (unit * rng.random_range(0.2..0.25), unit * rng.random_range(0.07..0.09));
    let oy = cy - ry * 1.5;
    c.shadow(cx, oy + ry * 0.8, rx * 1.1, ry * 0.8, 0.25);
    let mut spots: Vec<(f32, f32, usize)> = (0..18)
        .map(|k| {
            let a = k as f32 / 18.0 * std::f32::consts::TAU;
            (cx + a.cos() * rx, oy + a.sin() * ry, k)
        })
        .collect();
    spots.sort_by(|a, b| a.1.total_cmp(&b.1));
    for (x, y, k) in spots {
        let r = unit * if k % 3 == 0 { 0.032 } else { 0.024 };
        leaf(c, x + r, y + r * 0.2, r * 1.1, k as f32, green);
        if k % 2 == 0 {
            blossom(c, x, y - r * 0.3, r, if k % 4 == 0 { petals } else { second });
        }
    }
}

/// Dragées, sugared almonds, scattered in front.
fn dragees(c: &mut Canvas, rng: &mut ChaCha8Rng, x: f32, y: f32, spread: f32, unit: f32) {
    let sugar = petals_of(rng);
    for _ in 0..rng.random_range(3..7) {
        let (dx, dy) = (x + rng.random_range(-1.0..1.0) * spread, y + rng.random_range(-0.02..0.02) * unit);
        let r = unit * 0.018;
        let angle = rng.random_range(0.0..std::f32::consts::PI);
        c.fill(
            (dx - r * 2.0, dy - r * 2.0, dx + r * 2.0, dy + r * 2.0),
            |px, py| {
                let (u, v) = turned(px, py, dx, dy, angle);
                ellipse(u, v, dx, dy, r * 1.3, r * 0.8)
            },
            lit(sugar, dx - r * 0.4, dy - r * 0.4, r * 1.3),
            1.0,
        );
    }
}

/// Little pouches of tulle or linen, tied with a ribbon.
pub(super) fn favour_bag(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let fabric = [[0.96, 0.95, 0.92], [0.86, 0.8, 0.7], [0.93, 0.86, 0.86]][rng.random_range(0..3)];
    let ribbon = mix(petals_of(rng), [0.7, 0.6, 0.5], 0.3);
    let count = rng.random_range(2..=3);
    for i in 0..count {
        let x = cx + (i as f32 - (count - 1) as f32 * 0.5) * unit * 0.22;
        let (hw, hh) = (unit * 0.09, unit * 0.11);
        let neck = cy - hh * 1.7;
        c.shadow(x, cy, hw * 1.2, hh * 0.2, 0.3);
        c.fill(
            (x - hw, neck, x + hw, cy),
            |px, py| {
                rounded_box(
                    px,
                    py,
                    x,
                    cy - hh * 0.85,
                    hw * (0.75 + 0.25 * ((py - neck) / (hh * 1.7)).clamp(0.0, 1.0)),
                    hh * 0.85,
                    hw * 0.5,
                )
            },
            lit(fabric, x - hw * 0.4, neck, hh * 1.7),
            1.0,
        );
        let ruffle = [
            (x - hw * 0.25, neck),
            (x + hw * 0.25, neck),
            (x + hw * 0.6, neck - hh * 0.45),
            (x - hw * 0.6, neck - hh * 0.45),
        ];
        c.fill_polygon(&ruffle, lit(scale(fabric, 0.95), x, neck - hh * 0.4, hw), 1.0);
        for side in [-1.0, 1.0] {
            c.fill(
                (x - hw, neck - hh * 0.3, x + hw, neck + hh * 0.3),
                |px, py| ellipse(px, py, x + side * hw * 0.3, neck, hw * 0.28, hh * 0.15),
                |_, _| ribbon,
                1.0,
            );
        }
    }
    dragees(c, rng, cx, cy + unit * 0.03, unit * 0.25, unit);
}

/// Small boxes tied with a ribbon and its bow.
pub(super) fn favour_box(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let card = [[0.97, 0.96, 0.93], [0.8, 0.69, 0.54], [0.9, 0.86, 0.9]][rng.random_range(0..3)];
    let ribbon = mix(petals_of(rng), [0.6, 0.5, 0.45], 0.4);
    let count = rng.random_range(2..=3);
    for i in 0..count {
        let x = cx + (i as f32 - (count - 1) as f32 * 0.5) * unit * 0.22;
        let (hw, hh) = (unit * 0.085, unit * 0.075);
        let by = cy - hh;
        c.shadow(x, cy, hw * 1.3, hh * 0.25, 0.3);
        c.fill(
            (x - hw, by - hh, x + hw, cy),
            |px, py| rounded_box(px, py, x, by, hw, hh, 1.0),
            lit(card, x - hw, by - hh, hw * 2.0),
            1.0,
        );
        c.fill(
            (x - hw * 1.1, by - hh * 1.15, x + hw * 1.1, by - hh * 0.6),
            |px, py| rounded_box(px, py, x, by - hh * 0.9, hw * 1.06, hh * 0.25, 1.0),
            lit(scale(card, 0.95), x - hw, by - hh, hw * 2.0),
            1.0,
        );
        c.fill(
            (x - hw * 0.2, by - hh * 1.2, x + hw * 0.2, cy),
            |px, py| rounded_box(px, py, x, by - hh * 0.05, hw * 0.12, hh * 1.1, 0.5),
            |_, _| ribbon,
            1.0,
        );
        for side in [-1.0, 1.0] {
            c.fill(
                (x - hw, by - hh * 1.7, x + hw, by - hh),
                |px, py| ellipse(px, py, x + side * hw * 0.3, by - hh * 1.3, hw * 0.3, hh * 0.22),
                |_, _| scale(ribbon, 0.95),
                1.0,
            );
        }
    }
    dragees(c, rng, cx, cy + unit * 0.03, unit * 0.25, unit);
}

/// Bookmarks, one to three, their tassels at the top.
pub(super) fn bookmarks(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let count = rng.random_range(2..=3);
    let tassel = random_colour(rng, (0.3, 0.8), (0.3, 0.85));
    for i in 0..count {
        let (_, weave) = cloth(rng, unit * 0.6);
        let (hw, hh) = (unit * 0.045, unit * 0.22);
        let x = cx + (i as f32 - (count - 1) as f32 * 0.5) * unit * 0.13;
        let by = cy - hh - unit * 0.01;
        c.shadow(x, cy, hw * 1.5, hw * 0.3, 0.3);
        c.fill((x - hw, by - hh, x + hw, by + hh), |px, py| rounded_box(px, py, x, by, hw, hh, 1.0), weave, 1.0);
        c.fill(
            (x - hw, by - hh, x + hw, by + hh),
            |px, py| rounded_box(px, py, x, by, hw * 0.8, hh * 0.93, 1.0).abs() - 0.7,
            |_, _| [0.98, 0.97, 0.95],
            0.8,
        );
        let hole = (x, by - hh * 0.9);
        c.fill(
            (x - hw, hole.1 - hw, x + hw, hole.1 + hw),
            |px, py| circle(px, py, hole.0, hole.1, hw * 0.18),
            |_, _| [0.2, 0.2, 0.2],
            1.0,
        );
        for k in 0..5 {
            let end = (x - unit * 0.03 + k as f32 * unit * 0.012, hole.1 - unit * 0.09);
            c.stroke(&[hole, end], (unit * 0.004).max(0.8), tassel, 1.0);
        }
    }
}

/// Bunting: flags hung along a cord across the wall.
pub(super) fn bunting(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, unit, .. } = at;
    let y = on_wall(at, unit * 0.15) - unit * 0.12;
    let (a, b) = ((cx - unit * 0.5, y), (cx + unit * 0.5, y));
    let depth = unit * rng.random_range(0.08..0.16);
    let colours: Vec<Colour> = (0..3).map(|_| random_colour(rng, (0.3, 0.7), (0.6, 0.95))).collect();
    c.nail(a.0, a.1, unit);
    c.nail(b.0, b.1, unit);
    let cord: Vec<_> = (0..=40).map(|i| sag(a, b, depth, i as f32 / 40.0)).collect();
    c.stroke(&cord, (unit * 0.004).max(1.0), [0.9, 0.88, 0.82], 1.0);
    let flags = rng.random_range(6..10);
    let h = unit * rng.random_range(0.1..0.14);
    for k in 0..flags {
        let t = (k as f32 + 0.5) / flags as f32;
        let (l, r) = (sag(a, b, depth, t - 0.45 / flags as f32), sag(a, b, depth, t + 0.45 / flags as f32));
        let tip = ((l.0 + r.0) * 0.5, (l.1 + r.1) * 0.5 + h);
        let colour = colours[k % colours.len()];
        let print = pattern(k as u32 % 5, colour, scale(colour, 0.8), unit * 0.015);
        c.fill_polygon(&[l, r, tip], print, 1.0);
    }
}

/// Party hats: striped cones with a pompom at the tip.
pub(super) fn party_hats(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let count = rng.random_range(1..=3);
    for i in 0..count {
        let base = random_colour(rng, (0.4, 0.8), (0.6, 0.95));
        let stripe = random_colour(rng, (0.2, 0.8), (0.8, 1.0));
        let x = cx + (i as f32 - (count - 1) as f32 * 0.5) * unit * 0.22;
        let (hw, h) = (unit * 0.1, unit * rng.random_range(0.28..0.34));
        let period = unit * 0.04;
        c.shadow(x, cy, hw * 1.3, hw * 0.2, 0.3);
        let cone = [(x - hw, cy - unit * 0.01), (x + hw, cy - unit * 0.01), (x, cy - h)];
        c.fill_polygon(
            &cone,
            move |px, py| {
                let on = (((px - x) * 0.6 + py) / period).floor() as i64 % 2 == 0;
                scale(if on { base } else { stripe }, 1.0 - 0.2 * ((px - x) / hw).abs())
            },
            1.0,
        );
        let r = unit * 0.03;
        let (px, py) = (x, cy - h - r * 0.5);
        c.fill(
            (px - r * 1.3, py - r * 1.3, px + r * 1.3, py + r * 1.3),
            |qx, qy| circle(qx, qy, px, py, r),
            lit(stripe, px - r * 0.3, py - r * 0.3, r),
            1.0,
        );
    }
}

/// A birthday crown of felt or card: points, and a bead on each.
pub(super) fn crown(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let felt = if rng.random_bool(0.4) { [0.88, 0.74, 0.42] } else { random_colour(rng, (0.3, 0.7), (0.55, 0.9)) };
    let bead = random_colour(rng, (0.4, 0.8), (0.6, 0.95));
    let (hw, h) = (unit * rng.random_range(0.23..0.27), unit * rng.random_range(0.18..0.22));
    let band = h * 0.45;
    let points = 5;
    let base = cy - unit * 0.02;
    let mut outline = vec![(cx - hw, base)];
    for k in 0..points {
        let x0 = cx - hw + hw * 2.0 * k as f32 / points as f32;
        let step = hw * 2.0 / points as f32;
        outline.push((x0, base - band));
        outline.push((x0 + step * 0.5, base - h));
    }
    outline.push((cx + hw, base - band));
    outline.push((cx + hw, base));
    c.shadow(cx, cy, hw * 1.1, h * 0.15, 0.3);
    c.fill_polygon(
        &outline,
        move |x, y| scale(lit(felt, cx - hw, base - h, hw * 2.0)(x, y), 1.0 - 0.15 * ((x - cx) / hw).powi(2)),
        1.0,
    );
    for k in 0..points {
        let x = cx - hw + hw * 2.0 * (k as f32 + 0.5) / points as f32;
        let r = unit * 0.016;
        c.fill(
            (x - r * 2.0, base - h - r * 2.0, x + r * 2.0, base - h + r * 2.0),
            |px, py| circle(px, py, x, base - h + r * 0.5, r),
            lit(bead, x - r * 0.3, base - h, r),
            1.0,
        );
    }
    c.stroke(
        &[(cx - hw, base - band * 0.5), (cx + hw, base - band * 0.5)],
        (unit * 0.004).max(1.0),
        scale(felt, 1.25),
        0.7,
    );
}

/// A big birthday number standing on the table, confetti around it.
pub(super) fn birthday_number(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let finish =
        [[0.86, 0.72, 0.45], wood_of(rng), random_colour(rng, (0.3, 0.7), (0.6, 0.95))][rng.random_range(0..3)];
    let value = rng.random_range(1..=9);
    let h = unit * rng.random_range(0.36..0.44);
    let stroke = h * 0.09;
    let my = cy - h * 0.5 - stroke;
    c.shadow(cx, cy, h * 0.35, h * 0.05, 0.35);
    c.fill(
        (cx - h * 0.45, my - h * 0.65, cx + h * 0.45, my + h * 0.65),
        |x, y| digit(x, y, cx, my, h, stroke, value),
        lit(finish, cx - h * 0.3, my - h * 0.5, h),
        1.0,
    );
    for _ in 0..rng.random_range(6..12) {
        let colour = random_colour(rng, (0.4, 0.8), (0.7, 0.95));
        let (x, y) = (cx + rng.random_range(-0.4..0.4) * unit, cy + rng.random_range(-0.03..0.05) * unit);
        let r = unit * 0.008;
        c.fill(
            (x - r * 2.0, y - r * 2.0, x + r * 2.0, y + r * 2.0),
            |px, py| circle(px, py, x, y, r),
            |_, _| colour,
            1.0,
        );
    }
}
