//! Jewellery: rings, necklaces, earrings, bracelets, brooches.

use super::*;

pub(super) fn ring(canvas: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    const METALS: [Colour; 3] = [[0.86, 0.70, 0.36], [0.78, 0.79, 0.82], [0.88, 0.62, 0.55]];
    let metal_colour = METALS[rng.random_range(0..3)];
    let gem = random_colour(rng, (0.5, 0.9), (0.5, 0.95));
    // A ring seen at an angle, with a stone.
    let r = unit * rng.random_range(0.16..0.24);
    let thick = r * rng.random_range(0.1..0.22);
    canvas.shadow(cx, cy + r * 0.35, r * 1.2, r * 0.35, 0.35);
    let ry = r * 0.45;
    canvas.fill(
        (cx - r - thick, cy - ry - thick, cx + r + thick, cy + ry + thick),
        |x, y| ellipse(x, y, cx, cy, r, ry).abs() - thick * 0.5,
        metal(metal_colour, cx, cy, r),
        1.0,
    );
    let (gx, gy, gr) = (cx, cy - ry, thick * rng.random_range(1.2..2.2));
    canvas.fill(
        (gx - gr, gy - gr, gx + gr, gy + gr),
        |x, y| circle(x, y, gx, gy, gr),
        lit(gem, gx - gr * 0.3, gy - gr * 0.3, gr),
        1.0,
    );
    canvas.fill(
        (gx - gr, gy - gr, gx + gr, gy + gr),
        |x, y| circle(x, y, gx - gr * 0.35, gy - gr * 0.35, gr * 0.25),
        |_, _| [1.0, 1.0, 1.0],
        0.7,
    );
}

pub(super) fn pendant(canvas: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    const METALS: [Colour; 3] = [[0.86, 0.70, 0.36], [0.78, 0.79, 0.82], [0.88, 0.62, 0.55]];
    let metal_colour = METALS[rng.random_range(0..3)];
    let gem = random_colour(rng, (0.5, 0.9), (0.5, 0.95));
    // A pendant on a chain hanging in a curve.
    let span = unit * rng.random_range(0.35..0.5);
    let sag = unit * rng.random_range(0.2..0.32);
    let top = cy - sag;
    let link = unit * 0.012;
    let links = 60;
    for i in 0..=links {
        let t = i as f32 / links as f32 * 2.0 - 1.0;
        let (x, y) = (cx + t * span, top + sag * (1.0 - t * t));
        canvas.fill(
            (x - link * 2.0, y - link * 2.0, x + link * 2.0, y + link * 2.0),
            |px, py| circle(px, py, x, y, link).abs() - link * 0.35,
            metal(metal_colour, x, y, link * 2.0),
            1.0,
        );
    }
    let pr = unit * rng.random_range(0.05..0.09);
    let (px, py) = (cx, top + sag + pr * 1.1);
    canvas.shadow(px + pr * 0.3, py + pr * 0.8, pr * 1.1, pr * 0.4, 0.3);
    canvas.fill(
        (px - pr, py - pr * 1.4, px + pr, py + pr),
        |x, y| circle(x, y, px, py, pr).min(segment(x, y, (px, py - pr * 1.3), (px, py), pr * 0.2)),
        metal(metal_colour, px, py, pr),
        1.0,
    );
    canvas.fill(
        (px - pr, py - pr, px + pr, py + pr),
        |x, y| circle(x, y, px, py, pr * 0.55),
        lit(gem, px - pr * 0.2, py - pr * 0.2, pr * 0.6),
        1.0,
    );
}

pub(super) fn drop_earrings(canvas: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    const METALS: [Colour; 3] = [[0.86, 0.70, 0.36], [0.78, 0.79, 0.82], [0.88, 0.62, 0.55]];
    let metal_colour = METALS[rng.random_range(0..3)];
    let gem = random_colour(rng, (0.5, 0.9), (0.5, 0.95));
    // A pair of drop earrings.
    let gap = unit * rng.random_range(0.15..0.21);
    let size = unit * rng.random_range(0.1..0.14);
    for side in [-1.0, 1.0] {
        let x0 = cx + side * gap;
        let hook = (x0, cy - size * 2.2);
        canvas.shadow(x0 + size * 0.4, cy + size * 1.3, size, size * 0.3, 0.3);
        canvas.fill(
            (x0 - size * 0.5, hook.1 - size * 0.6, x0 + size * 0.5, cy),
            |x, y| circle(x, y, hook.0, hook.1, size * 0.35).abs() - size * 0.05,
            metal(metal_colour, hook.0, hook.1, size * 0.4),
            1.0,
        );
        canvas.fill(
            (x0 - size, cy - size * 1.9, x0 + size, cy + size * 1.2),
            |x, y| ellipse(x, y, x0, cy, size * 0.75, size),
            lit(gem, x0 - size * 0.3, cy - size * 0.4, size),
            1.0,
        );
        canvas.fill(
            (x0 - size, cy - size * 1.9, x0 + size, cy),
            |x, y| segment(x, y, (x0, hook.1 + size * 0.3), (x0, cy - size), size * 0.06),
            metal(metal_colour, x0, cy, size),
            1.0,
        );
    }
}

/// A band of metal standing on the table, seen from above at an angle: the
/// inside of its far wall, the outside of its near wall and its rim. `depth`
/// is how tall it stands; `gap` opens the near wall (a cuff).
#[expect(clippy::too_many_arguments, reason = "the shape of a cylinder, one number each")]
fn standing_band(c: &mut Canvas, cx: f32, base: f32, rx: f32, ry: f32, depth: f32, gap: f32, colour: Colour) {
    let top = base - depth;
    let wall = (rx * 0.05).max(1.0);
    let arc = move |x: f32| ry * (1.0 - ((x - cx) / rx).clamp(-1.0, 1.0).powi(2)).sqrt();
    let sides = move |x: f32| (x - cx).abs() - rx;
    let open = move |x: f32| gap - (x - cx).abs();
    let bbox = (cx - rx - wall, top - ry - wall, cx + rx + wall, base + ry + wall);
    // The far wall is seen from inside, in its own shadow.
    c.fill(
        bbox,
        |x, y| (top - arc(x) - y).max(y - (base - arc(x))).max(sides(x)),
        polished(scale(colour, 0.65), cx, rx),
        1.0,
    );
    c.fill(
        bbox,
        |x, y| (top + arc(x) - y).max(y - (base + arc(x))).max(sides(x)).max(open(x)),
        polished(colour, cx, rx),
        1.0,
    );
    c.fill(
        bbox,
        |x, y| {
            let rim = ellipse(x, y, cx, top, rx, ry).abs() - wall * 0.5;
            if y > top { rim.max(open(x)) } else { rim }
        },
        |_, _| mix(colour, [1.0, 1.0, 1.0], 0.35),
        1.0,
    );
}

/// A plain band: a wedding ring, a "jonc" ring, no stone.
pub(super) fn band(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let colour = metal_of(rng);
    let rx = at.unit * rng.random_range(0.17..0.22);
    let ry = rx * rng.random_range(0.38..0.48);
    let depth = rx * rng.random_range(0.22..0.42);
    let base = at.y - ry * 0.4;
    c.shadow(at.x, base + ry * 0.5, rx * 1.2, ry * 0.7, 0.35);
    standing_band(c, at.x, base, rx, ry, depth, 0.0, colour);
}

/// Bangles lying on the table, one to three stacked: wide, thin, no stone, so
/// that they read as bracelets and not as rings.
pub(super) fn bangle(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let colour = metal_of(rng);
    let count = [1, 2, 2, 3, 3][rng.random_range(0..5)];
    let rx = at.unit * rng.random_range(0.25..0.3);
    let ry = rx * rng.random_range(0.34..0.42);
    let depth = at.unit * rng.random_range(0.016..0.032);
    let base = at.y - ry * 0.6;
    c.shadow(at.x, base + ry * 0.4, rx * 1.15, ry * 0.8, 0.3);
    for i in 0..count {
        let x = at.x + rng.random_range(-0.04..0.04) * at.unit;
        let colour = if rng.random_bool(0.3) { metal_of(rng) } else { colour };
        standing_band(c, x, base - i as f32 * depth * 1.1, rx, ry, depth, 0.0, colour);
    }
}

/// A cuff: a wide band open at the front.
pub(super) fn cuff(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let colour = metal_of(rng);
    let rx = at.unit * rng.random_range(0.2..0.25);
    let ry = rx * rng.random_range(0.36..0.44);
    let depth = at.unit * rng.random_range(0.1..0.16);
    let base = at.y - ry * 0.5;
    c.shadow(at.x, base + ry * 0.4, rx * 1.2, ry * 0.8, 0.35);
    standing_band(c, at.x, base, rx, ry, depth, rx * rng.random_range(0.18..0.28), colour);
}

/// Ramanujan's perimeter of an ellipse.
fn perimeter(rx: f32, ry: f32) -> f32 {
    std::f32::consts::PI * (3.0 * (rx + ry) - ((3.0 * rx + ry) * (rx + 3.0 * ry)).sqrt())
}

/// A chain bracelet laid in an oval, with its engraved plate (a gourmette's)
/// at the front.
pub(super) fn chain_bracelet(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let colour = metal_of(rng);
    let rx = at.unit * rng.random_range(0.22..0.27);
    let ry = rx * rng.random_range(0.36..0.44);
    let oy = at.y - ry * 1.1;
    let link = at.unit * rng.random_range(0.011..0.016);
    let (plate_w, plate_h) = (at.unit * rng.random_range(0.05..0.07), at.unit * rng.random_range(0.014..0.02));
    c.shadow(at.x, oy + ry * 0.6, rx * 1.15, ry * 0.8, 0.3);
    let count = (perimeter(rx, ry) / (link * 1.8)) as usize;
    for i in 0..count.max(8) {
        let a = i as f32 / count.max(8) as f32 * std::f32::consts::TAU;
        let (x, y) = (at.x + rx * a.cos(), oy + ry * a.sin());
        if (x - at.x).abs() < plate_w && y > oy {
            continue;
        }
        // Links alternate: one seen flat, the next on its edge.
        let (lx, ly) = if i % 2 == 0 { (link * 1.3, link) } else { (link * 0.6, link) };
        c.fill(
            (x - link * 2.0, y - link * 2.0, x + link * 2.0, y + link * 2.0),
            |px, py| ellipse(px, py, x, y, lx, ly).abs() - link * 0.3,
            metal(colour, x, y, link * 2.0),
            1.0,
        );
    }
    let py = oy + ry;
    c.fill(
        (at.x - plate_w - 2.0, py - plate_h - 2.0, at.x + plate_w + 2.0, py + plate_h + 2.0),
        |x, y| rounded_box(x, y, at.x, py, plate_w, plate_h, plate_h * 0.8),
        polished(colour, at.x, plate_w),
        1.0,
    );
}

/// Beads strung in a loop, the far ones behind the near ones.
pub(super) fn beaded_bracelet(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let stone = gem_of(rng);
    let spacer = metal_of(rng);
    let rx = at.unit * rng.random_range(0.2..0.25);
    let ry = rx * rng.random_range(0.36..0.44);
    let oy = at.y - ry * 1.2;
    let r = at.unit * rng.random_range(0.02..0.028);
    c.shadow(at.x, oy + ry * 0.7, rx * 1.15, ry * 0.8, 0.3);
    let count = ((perimeter(rx, ry) / (r * 2.05)) as usize).max(8);
    let every = rng.random_range(5..9);
    let mut beads: Vec<(f32, f32, Colour, bool)> = (0..count)
        .map(|i| {
            let a = i as f32 / count as f32 * std::f32::consts::TAU;
            let tint = scale(stone, rng.random_range(0.85..1.12));
            (at.x + rx * a.cos(), oy + ry * a.sin(), tint, i % every == 0)
        })
        .collect();
    beads.sort_by(|a, b| a.1.total_cmp(&b.1));
    for (x, y, tint, is_spacer) in beads {
        let br = if is_spacer { r * 0.75 } else { r };
        let shade: Box<dyn Fn(f32, f32) -> Colour> = if is_spacer {
            Box::new(metal(spacer, x, y, br))
        } else {
            Box::new(lit(tint, x - br * 0.3, y - br * 0.3, br))
        };
        c.fill((x - br - 1.0, y - br - 1.0, x + br + 1.0, y + br + 1.0), |px, py| circle(px, py, x, y, br), shade, 1.0);
        c.fill(
            (x - br, y - br, x + br, y + br),
            |px, py| circle(px, py, x - br * 0.35, y - br * 0.35, br * 0.22),
            |_, _| [1.0, 1.0, 1.0],
            0.6,
        );
    }
}

/// A pair of hoops: open circles of metal, no stone.
pub(super) fn hoops(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let colour = metal_of(rng);
    let r = at.unit * rng.random_range(0.11..0.16);
    let thick = r * rng.random_range(0.1..0.18);
    let offset = r * 1.2 + at.unit * 0.02;
    for side in [-1.0, 1.0] {
        let x0 = at.x + side * offset;
        let y0 = at.y - r - thick - at.unit * 0.02;
        c.shadow(x0 + r * 0.25, at.y, r * 1.05, r * 0.2, 0.3);
        c.fill(
            (x0 - r - thick, y0 - r - thick, x0 + r + thick, y0 + r + thick),
            |x, y| {
                // Where the hoop opens to pass through the ear.
                let notch = rounded_box(x, y, x0 + thick * 0.8, y0 - r, thick * 0.45, thick * 1.5, 0.5);
                (circle(x, y, x0, y0, r).abs() - thick * 0.5).max(-notch)
            },
            metal(colour, x0, y0, r),
            1.0,
        );
    }
}

/// Studs on the little card they are sold on.
pub(super) fn studs(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    const CARDS: [Colour; 4] = [[0.80, 0.69, 0.54], [0.97, 0.96, 0.94], [0.22, 0.22, 0.24], [0.90, 0.84, 0.80]];
    let card = CARDS[rng.random_range(0..CARDS.len())];
    let colour = metal_of(rng);
    let gem = gem_of(rng);
    let kind = rng.random_range(0..4);
    let (hw, hh) = (at.unit * 0.14, at.unit * 0.18);
    let (bx, by) = (at.x, at.y - hh);
    let r = at.unit * rng.random_range(0.022..0.034);
    c.shadow(bx + hw * 0.25, at.y, hw * 1.1, hh * 0.15, 0.3);
    c.fill(
        (bx - hw, by - hh, bx + hw, by + hh),
        |x, y| rounded_box(x, y, bx, by, hw, hh, hw * 0.08),
        lit(card, bx - hw, by - hh, hh * 2.0),
        1.0,
    );
    c.fill(
        (bx - hw * 0.2, by - hh * 0.9, bx + hw * 0.2, by - hh * 0.7),
        |x, y| circle(x, y, bx, by - hh * 0.8, hw * 0.07),
        |_, _| scale(card, 0.55),
        1.0,
    );
    for side in [-1.0, 1.0] {
        let (x, y) = (bx + side * hw * 0.45, by - hh * 0.3);
        c.fill(
            (x - r * 2.0, y - r * 2.0, x + r * 2.5, y + r * 2.5),
            |px, py| circle(px, py, x + r * 0.3, y + r * 0.4, r * 1.1),
            |_, _| [0.0; 3],
            0.2,
        );
        match kind {
            0 => {
                c.fill(
                    (x - r * 1.3, y - r * 1.3, x + r * 1.3, y + r * 1.3),
                    |px, py| circle(px, py, x, y, r * 1.2),
                    metal(colour, x, y, r),
                    1.0,
                );
                c.fill(
                    (x - r, y - r, x + r, y + r),
                    |px, py| circle(px, py, x, y, r * 0.85),
                    lit(gem, x - r * 0.3, y - r * 0.3, r),
                    1.0,
                );
            }
            1 => c.fill((x - r, y - r, x + r, y + r), |px, py| circle(px, py, x, y, r), metal(colour, x, y, r), 1.0),
            2 => c.fill(
                (x - r, y - r, x + r, y + r),
                |px, py| circle(px, py, x, y, r),
                lit([0.95, 0.92, 0.88], x - r * 0.3, y - r * 0.3, r),
                1.0,
            ),
            _ => {
                for k in 0..5 {
                    let a = k as f32 / 5.0 * std::f32::consts::TAU;
                    let (px0, py0) = (x + a.cos() * r * 0.6, y + a.sin() * r * 0.6);
                    c.fill(
                        (px0 - r, py0 - r, px0 + r, py0 + r),
                        |px, py| circle(px, py, px0, py0, r * 0.5),
                        metal(colour, x, y, r),
                        1.0,
                    );
                }
                c.fill(
                    (x - r, y - r, x + r, y + r),
                    |px, py| circle(px, py, x, y, r * 0.35),
                    lit(gem, x, y, r * 0.4),
                    1.0,
                );
            }
        }
        c.fill(
            (x - r, y - r, x + r, y + r),
            |px, py| circle(px, py, x - r * 0.35, y - r * 0.35, r * 0.2),
            |_, _| [1.0; 3],
            0.6,
        );
    }
}

/// A brooch: a round, oval or flower-shaped mount, a rim of pearls, a stone.
pub(super) fn brooch(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let colour = metal_of(rng);
    let gem = gem_of(rng);
    let enamel = random_colour(rng, (0.4, 0.8), (0.35, 0.85));
    let shape = rng.random_range(0..3);
    let r = at.unit * rng.random_range(0.1..0.14);
    let (bx, by) = (at.x, at.y - r * 1.1);
    c.shadow(bx + r * 0.2, at.y - r * 0.1, r * 1.2, r * 0.3, 0.35);
    let mount = move |x: f32, y: f32| match shape {
        0 => circle(x, y, bx, by, r),
        1 => ellipse(x, y, bx, by, r * 1.25, r * 0.85),
        _ => (0..6)
            .map(|k| {
                let a = k as f32 / 6.0 * std::f32::consts::TAU;
                circle(x, y, bx + a.cos() * r * 0.55, by + a.sin() * r * 0.55, r * 0.48)
            })
            .fold(circle(x, y, bx, by, r * 0.6), f32::min),
    };
    let pad = r * 1.3;
    c.fill((bx - pad, by - pad, bx + pad, by + pad), mount, metal(colour, bx, by, r), 1.0);
    c.fill(
        (bx - pad, by - pad, bx + pad, by + pad),
        |x, y| mount(x, y) + r * 0.16,
        lit(enamel, bx - r * 0.3, by - r * 0.3, r),
        1.0,
    );
    let pearls = 12;
    for k in 0..pearls {
        let a = k as f32 / pearls as f32 * std::f32::consts::TAU;
        let (sx, sy) = if shape == 1 { (r * 1.05, r * 0.68) } else { (r * 0.8, r * 0.8) };
        let (px0, py0) = (bx + a.cos() * sx, by + a.sin() * sy);
        let pr = r * 0.085;
        c.fill(
            (px0 - pr * 1.5, py0 - pr * 1.5, px0 + pr * 1.5, py0 + pr * 1.5),
            |x, y| circle(x, y, px0, py0, pr),
            lit([0.96, 0.93, 0.88], px0 - pr * 0.3, py0 - pr * 0.3, pr),
            1.0,
        );
    }
    let gr = r * 0.3;
    c.fill(
        (bx - gr * 1.5, by - gr * 1.5, bx + gr * 1.5, by + gr * 1.5),
        |x, y| circle(x, y, bx, by, gr * 1.2),
        metal(colour, bx, by, gr),
        1.0,
    );
    c.fill(
        (bx - gr, by - gr, bx + gr, by + gr),
        |x, y| circle(x, y, bx, by, gr),
        lit(gem, bx - gr * 0.3, by - gr * 0.3, gr),
        1.0,
    );
    c.fill(
        (bx - gr, by - gr, bx + gr, by + gr),
        |x, y| circle(x, y, bx - gr * 0.35, by - gr * 0.35, gr * 0.25),
        |_, _| [1.0; 3],
        0.7,
    );
}

/// A stick pin as it is sold, pushed through a little card: its ornament at
/// the head, the needle going in and out of the card, the cap on its point.
pub(super) fn pin(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    const CARDS: [Colour; 4] = [[0.80, 0.69, 0.54], [0.97, 0.96, 0.94], [0.22, 0.22, 0.24], [0.90, 0.84, 0.80]];
    let card = CARDS[rng.random_range(0..CARDS.len())];
    let colour = metal_of(rng);
    let gem = gem_of(rng);
    let (hw, hh) = (at.unit * 0.2, at.unit * 0.12);
    let (bx, by) = (at.x, at.y - hh);
    c.shadow(bx + hw * 0.2, at.y, hw * 1.1, hh * 0.2, 0.3);
    c.fill(
        (bx - hw, by - hh, bx + hw, by + hh),
        |x, y| rounded_box(x, y, bx, by, hw, hh, hw * 0.05),
        lit(card, bx - hw, by - hh, hw * 2.0),
        1.0,
    );
    let tilt = rng.random_range(-0.12..0.12_f32);
    let along = move |x: f32| (x, by + (x - bx) * tilt);
    let (head, tip) = (along(bx - hw * 1.25), along(bx + hw * 1.2));
    let (enter, leave) = (along(bx - hw * 0.35), along(bx + hw * 0.35));
    let needle = (at.unit * 0.006).max(0.8);
    for (a, b) in [(head, enter), (leave, tip)] {
        c.fill(
            (a.0 - 3.0, a.1.min(b.1) - 3.0, b.0 + 3.0, a.1.max(b.1) + 3.0),
            |x, y| segment(x, y, a, b, needle),
            lit(colour, bx, by - needle, needle * 4.0),
            1.0,
        );
    }
    for hole in [enter, leave] {
        c.fill(
            (hole.0 - needle * 3.0, hole.1 - needle * 3.0, hole.0 + needle * 3.0, hole.1 + needle * 3.0),
            |x, y| circle(x, y, hole.0, hole.1, needle * 1.6),
            |_, _| scale(card, 0.5),
            1.0,
        );
    }
    let cr = at.unit * 0.013;
    let cap = along(tip.0 - hw * 0.08);
    c.fill(
        (cap.0 - cr * 4.0, cap.1 - cr * 3.0, tip.0 + cr * 2.0, cap.1 + cr * 3.0),
        |x, y| segment(x, y, cap, along(cap.0 + hw * 0.12), cr),
        metal(colour, cap.0, cap.1, cr * 3.0),
        1.0,
    );
    let hr = at.unit * rng.random_range(0.04..0.055);
    let (hx, hy) = head;
    match rng.random_range(0..3) {
        0 => c.fill(
            (hx - hr, hy - hr, hx + hr, hy + hr),
            |x, y| circle(x, y, hx, hy, hr),
            lit([0.96, 0.93, 0.88], hx - hr * 0.3, hy - hr * 0.3, hr),
            1.0,
        ),
        1 => {
            c.fill(
                (hx - hr * 1.3, hy - hr * 1.3, hx + hr * 1.3, hy + hr * 1.3),
                |x, y| circle(x, y, hx, hy, hr * 1.15),
                metal(colour, hx, hy, hr),
                1.0,
            );
            c.fill(
                (hx - hr, hy - hr, hx + hr, hy + hr),
                |x, y| circle(x, y, hx, hy, hr * 0.85),
                lit(gem, hx - hr * 0.3, hy - hr * 0.3, hr),
                1.0,
            );
        }
        _ => {
            for k in 0..5 {
                let a = k as f32 / 5.0 * std::f32::consts::TAU;
                let (px0, py0) = (hx + a.cos() * hr * 0.7, hy + a.sin() * hr * 0.7);
                c.fill(
                    (px0 - hr, py0 - hr, px0 + hr, py0 + hr),
                    |x, y| circle(x, y, px0, py0, hr * 0.55),
                    lit(gem, px0, py0, hr),
                    1.0,
                );
            }
            c.fill(
                (hx - hr, hy - hr, hx + hr, hy + hr),
                |x, y| circle(x, y, hx, hy, hr * 0.35),
                metal(colour, hx, hy, hr),
                1.0,
            );
        }
    }
    c.fill(
        (hx - hr, hy - hr, hx + hr, hy + hr),
        |x, y| circle(x, y, hx - hr * 0.35, hy - hr * 0.35, hr * 0.2),
        |_, _| [1.0; 3],
        0.6,
    );
}
