//! Stationery: notebooks, cards, calendars, sewing patterns.

use super::*;

pub(super) fn stationery(canvas: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let cover = random_colour(rng, (0.2, 0.65), (0.4, 0.9));
    let band = random_colour(rng, (0.1, 0.5), (0.7, 0.95));
    let count = rng.random_range(1..4);
    for i in 0..count {
        let offset = (i as f32 - (count - 1) as f32 / 2.0) * unit * 0.07;
        let hw = unit * rng.random_range(0.15..0.2);
        let hh = hw * rng.random_range(1.25..1.45);
        let (bx, by) = (cx + offset, cy - hh * 0.55 + offset * 0.5);
        let tint = scale(cover, 1.0 - 0.1 * i as f32);
        canvas.shadow(bx + hw * 0.1, by + hh * 0.9, hw * 1.1, hh * 0.25, 0.25);
        canvas.fill(
            (bx - hw, by - hh, bx + hw, by + hh),
            |x, y| rounded_box(x, y, bx, by, hw, hh, unit * 0.008),
            lit(tint, bx - hw * 0.5, by - hh * 0.5, hh * 2.0),
            1.0,
        );
        canvas.fill(
            (bx - hw, by - hh, bx - hw * 0.85, by + hh),
            |x, y| rounded_box(x, y, bx - hw * 0.92, by, hw * 0.07, hh, 1.0),
            |_, _| scale(tint, 0.75),
            1.0,
        );
        let label_y = by - hh * rng.random_range(0.1..0.5);
        canvas.fill(
            (bx - hw * 0.6, label_y - hh * 0.12, bx + hw * 0.6, label_y + hh * 0.12),
            |x, y| rounded_box(x, y, bx, label_y, hw * 0.55, hh * 0.1, 2.0),
            |_, _| band,
            1.0,
        );
    }
}

const PAPERS: [Colour; 4] = [[0.97, 0.96, 0.93], [0.8, 0.69, 0.54], [0.93, 0.88, 0.84], [0.86, 0.9, 0.88]];

/// A sprig: a curved stem and its leaves, as printed on a card.
fn sprig(c: &mut Canvas, x: f32, y: f32, length: f32, leaf: Colour) {
    let stem: Vec<_> = (0..=8)
        .map(|i| {
            let t = i as f32 / 8.0;
            (x + (t * 2.5).sin() * length * 0.08, y + length * 0.5 - length * t)
        })
        .collect();
    c.stroke(&stem, (length * 0.02).max(1.0), scale(leaf, 0.8), 1.0);
    for (i, &(px, py)) in stem.iter().enumerate().skip(1) {
        let side = if i % 2 == 0 { 1.0 } else { -1.0 };
        let size = length * (0.16 - 0.01 * i as f32);
        let (lx, ly) = (px + side * size * 0.7, py - size * 0.2);
        c.fill(
            (lx - size, ly - size, lx + size, ly + size),
            |qx, qy| {
                let (u, v) = turned(qx, qy, lx, ly, side * 0.6);
                ellipse(u, v, lx, ly, size * 0.7, size * 0.3)
            },
            |_, _| leaf,
            1.0,
        );
    }
}

/// Lines of text, as thin bars.
fn text_lines(c: &mut Canvas, x: f32, y: f32, width: f32, lines: usize, gap: f32, ink: Colour) {
    for k in 0..lines {
        let ly = y + k as f32 * gap;
        let w = width * if k + 1 == lines && lines > 1 { 0.6 } else { 1.0 };
        c.fill(
            (x - w - 1.0, ly - gap, x + w + 1.0, ly + gap),
            |px, py| rounded_box(px, py, x, ly, w, (gap * 0.18).max(0.6), 0.5),
            |_, _| ink,
            0.85,
        );
    }
}

/// A card standing before its envelope.
pub(super) fn card(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let paper = PAPERS[rng.random_range(0..PAPERS.len())];
    let envelope = PAPERS[rng.random_range(0..PAPERS.len())];
    let ink = random_colour(rng, (0.3, 0.8), (0.2, 0.6));
    let (hw, hh) = if rng.random_bool(0.6) { (unit * 0.12, unit * 0.165) } else { (unit * 0.165, unit * 0.12) };
    // The envelope lies behind, a little askew.
    let (ex, ey, angle) = (cx + unit * 0.1, cy - unit * 0.1, rng.random_range(-0.25..0.25_f32));
    let corners: Vec<_> = [(-1.0, -1.0), (1.0, -1.0), (1.0, 1.0), (-1.0, 1.0)]
        .iter()
        .map(|(u, v)| turned(ex + u * unit * 0.17, ey + v * unit * 0.11, ex, ey, -angle))
        .collect();
    c.shadow(ex, ey + unit * 0.1, unit * 0.18, unit * 0.04, 0.2);
    c.fill_polygon(&corners, lit(envelope, ex - unit * 0.1, ey - unit * 0.1, unit * 0.3), 1.0);
    let middle = turned(ex, ey + unit * 0.02, ex, ey, -angle);
    c.stroke(&[corners[0], middle, corners[1]], 1.2, scale(envelope, 0.75), 0.8);
    let (bx, by) = (cx - unit * 0.05, cy - hh);
    c.shadow(bx + hw * 0.2, cy, hw * 1.2, hh * 0.12, 0.3);
    c.fill(
        (bx - hw, by - hh, bx + hw, cy),
        |x, y| rounded_box(x, y, bx, by, hw, hh, 1.5),
        lit(paper, bx - hw, by - hh, hh * 2.0),
        1.0,
    );
    match rng.random_range(0..3) {
        0 => sprig(c, bx, by - hh * 0.15, hh * 1.1, ink),
        1 => {
            for k in 0..14 {
                let a = k as f32 / 14.0 * std::f32::consts::TAU;
                let r = hw.min(hh) * 0.55;
                let (lx, ly) = (bx + a.cos() * r, by - hh * 0.1 + a.sin() * r);
                let size = r * 0.18;
                c.fill(
                    (lx - size * 1.5, ly - size * 1.5, lx + size * 1.5, ly + size * 1.5),
                    |qx, qy| {
                        let (u, v) = turned(qx, qy, lx, ly, a);
                        ellipse(u, v, lx, ly, size * 0.45, size)
                    },
                    |_, _| ink,
                    1.0,
                );
            }
        }
        _ => {
            let r = hw.min(hh) * 0.4;
            c.fill(
                (bx - r, by - hh * 0.2 - r, bx + r, by - hh * 0.2 + r),
                |x, y| circle(x, y, bx, by - hh * 0.2, r),
                |_, _| ink,
                0.9,
            );
        }
    }
    text_lines(c, bx, by + hh * 0.62, hw * 0.5, 2, hh * 0.1, scale(ink, 0.7));
}

/// Ring binding along a top edge.
fn rings(c: &mut Canvas, x0: f32, x1: f32, y: f32, unit: f32) {
    let r = unit * 0.008;
    let n = (((x1 - x0) / (unit * 0.025)) as usize).max(2);
    for k in 0..=n {
        let x = x0 + (x1 - x0) * k as f32 / n as f32;
        c.fill(
            (x - r * 2.0, y - r * 2.5, x + r * 2.0, y + r * 1.5),
            |px, py| (ellipse(px, py, x, y - r * 0.5, r, r * 1.6).abs() - r * 0.35).max(py - y),
            metal([0.78, 0.79, 0.82], x, y, r * 2.0),
            1.0,
        );
    }
}

/// A wall calendar on its nail: a picture above, the month's grid below.
pub(super) fn calendar(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, unit, .. } = at;
    let accent = random_colour(rng, (0.4, 0.8), (0.35, 0.8));
    let sky = random_colour(rng, (0.1, 0.4), (0.75, 0.95));
    let hw = unit * rng.random_range(0.17..0.2);
    let hh = hw * 1.35;
    let cy = on_wall(at, hh);
    let top = cy - hh;
    c.nail(cx, top - unit * 0.05, unit);
    c.stroke(&[(cx - hw * 0.3, top), (cx, top - unit * 0.05), (cx + hw * 0.3, top)], 1.0, [0.3, 0.3, 0.3], 0.8);
    c.wall_shadow(cx, cy, hw, hh, 1.5, unit);
    c.fill(
        (cx - hw, top, cx + hw, cy + hh),
        |x, y| rounded_box(x, y, cx, cy, hw, hh, 1.5),
        |_, _| [0.98, 0.97, 0.95],
        1.0,
    );
    let (px, py, pw, ph) = (cx, top + hh * 0.45, hw * 0.88, hh * 0.38);
    c.fill((px - pw, py - ph, px + pw, py + ph), |x, y| rounded_box(x, y, px, py, pw, ph, 0.5), |_, _| sky, 1.0);
    c.fill(
        (px - pw, py - ph, px + pw, py + ph),
        |x, y| {
            (py + ph * 0.2 - ((x - px) / pw * 3.0).sin() * ph * 0.15 - y).max(rounded_box(x, y, px, py, pw, ph, 0.5))
        },
        |_, _| accent,
        1.0,
    );
    c.fill(
        (cx - hw, top + hh * 0.9, cx + hw, top + hh * 1.02),
        |x, y| rounded_box(x, y, cx, top + hh * 0.96, hw * 0.4, hh * 0.025, 1.0),
        |_, _| scale(accent, 0.7),
        1.0,
    );
    let (gx0, gy0, cell) = (cx - hw * 0.84, top + hh * 1.1, hw * 0.24);
    let marked = rng.random_range(0..35);
    for k in 0..35 {
        let (x, y) = (gx0 + (k % 7) as f32 * cell + cell * 0.5, gy0 + (k / 7) as f32 * cell * 0.75 + cell * 0.3);
        let colour = if k == marked { accent } else { [0.8, 0.8, 0.8] };
        c.fill(
            (x - cell, y - cell, x + cell, y + cell),
            |px, py| rounded_box(px, py, x, y, cell * 0.38, cell * 0.28, 1.0),
            |_, _| colour,
            1.0,
        );
    }
    rings(c, cx - hw * 0.9, cx + hw * 0.9, top + unit * 0.004, unit);
}

/// A desk calendar standing on its base: the month above, today's number below.
pub(super) fn desk_calendar(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let accent = random_colour(rng, (0.5, 0.85), (0.35, 0.75));
    let hw = unit * rng.random_range(0.12..0.15);
    let hh = hw * 1.05;
    let by = cy - unit * 0.02 - hh;
    c.shadow(cx, cy, hw * 1.4, hw * 0.2, 0.35);
    c.fill(
        (cx - hw * 1.35, cy - unit * 0.04, cx + hw * 1.35, cy),
        |x, y| rounded_box(x, y, cx, cy - unit * 0.018, hw * 1.3, unit * 0.018, 2.0),
        lit(wood_of(rng), cx - hw, cy - unit * 0.04, hw * 2.0),
        1.0,
    );
    c.fill(
        (cx - hw, by - hh, cx + hw, by + hh),
        |x, y| rounded_box(x, y, cx, by, hw, hh, 2.0),
        lit([0.98, 0.97, 0.95], cx - hw, by - hh, hh * 2.0),
        1.0,
    );
    c.fill(
        (cx - hw, by - hh, cx + hw, by - hh * 0.45),
        |x, y| rounded_box(x, y, cx, by, hw, hh, 2.0).max(y - (by - hh * 0.5)),
        |_, _| accent,
        1.0,
    );
    text_lines(c, cx, by - hh * 0.75, hw * 0.45, 1, hh * 0.14, [0.98, 0.97, 0.95]);
    let day = rng.random_range(1..=31_u32);
    let (h, stroke) = (hh * 0.9, hh * 0.07);
    let ink = if rng.random_bool(0.3) { accent } else { [0.15, 0.15, 0.16] };
    let dy = by + hh * 0.25;
    let places: Vec<(f32, u32)> =
        if day < 10 { vec![(cx, day)] } else { vec![(cx - h * 0.35, day / 10), (cx + h * 0.35, day % 10)] };
    for (x, value) in places {
        c.fill(
            (x - h * 0.4, dy - h * 0.6, x + h * 0.4, dy + h * 0.6),
            |px, py| digit(px, py, x, dy, h * 0.95, stroke, value),
            |_, _| ink,
            1.0,
        );
    }
    rings(c, cx - hw * 0.8, cx + hw * 0.8, by - hh + unit * 0.004, unit);
}

/// An Advent calendar: a little house of twenty-four numbered doors.
pub(super) fn advent_calendar(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let body = if rng.random_bool(0.5) { wood_of(rng) } else { random_colour(rng, (0.3, 0.7), (0.4, 0.8)) };
    let (hw, hh) = (unit * rng.random_range(0.2..0.24), unit * rng.random_range(0.16..0.2));
    let roof = hh * 0.6;
    let top = cy - hh * 2.0;
    c.shadow(cx, cy, hw * 1.1, hw * 0.15, 0.35);
    c.fill_polygon(
        &[(cx - hw, cy), (cx + hw, cy), (cx + hw, top), (cx, top - roof), (cx - hw, top)],
        lit(body, cx - hw, top - roof, hw * 2.0),
        1.0,
    );
    let (cols, rows) = (6, 4);
    let (cw, ch) = (hw * 2.0 * 0.9 / cols as f32, hh * 2.0 * 0.9 / rows as f32);
    let mut numbers: Vec<u32> = (1..=24).collect();
    rand::seq::SliceRandom::shuffle(numbers.as_mut_slice(), rng);
    for (k, number) in numbers.into_iter().enumerate() {
        let x = cx - hw * 0.9 + (k % cols) as f32 * cw + cw * 0.5;
        let y = top + hh * 0.1 + (k / cols) as f32 * ch + ch * 0.5;
        let door = mix(body, random_colour(rng, (0.4, 0.8), (0.5, 0.95)), 0.7);
        c.fill(
            (x - cw, y - ch, x + cw, y + ch),
            |px, py| rounded_box(px, py, x, y, cw * 0.42, ch * 0.42, 1.5),
            lit(door, x - cw * 0.3, y - ch * 0.3, cw),
            1.0,
        );
        let (h, stroke) = (ch * 0.45, (ch * 0.04).max(0.6));
        let ink = [0.98, 0.97, 0.95];
        let places: Vec<(f32, u32)> = if number < 10 {
            vec![(x, number)]
        } else {
            vec![(x - h * 0.33, number / 10), (x + h * 0.33, number % 10)]
        };
        for (dx, value) in places {
            c.fill(
                (dx - h * 0.4, y - h * 0.6, dx + h * 0.4, y + h * 0.6),
                |px, py| digit(px, py, dx, y, h, stroke, value),
                |_, _| ink,
                1.0,
            );
        }
    }
}

/// A dashed outline around `points`.
fn dashed(c: &mut Canvas, points: &[(f32, f32)], dash: f32, width: f32, colour: Colour) {
    let mut closed = points.to_vec();
    closed.extend(points.first().copied());
    for pair in closed.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let n = (((b.0 - a.0).hypot(b.1 - a.1) / dash.max(1.0)) as usize).max(1);
        for k in (0..n).step_by(2) {
            let t0 = k as f32 / n as f32;
            let t1 = ((k + 1) as f32 / n as f32).min(1.0);
            c.stroke(
                &[(a.0 + (b.0 - a.0) * t0, a.1 + (b.1 - a.1) * t0), (a.0 + (b.0 - a.0) * t1, a.1 + (b.1 - a.1) * t1)],
                width,
                colour,
                0.9,
            );
        }
    }
}

/// A pattern piece: a bodice, a sleeve or a panel, at `(x, y)`.
fn piece(kind: u32, x: f32, y: f32, s: f32) -> Vec<(f32, f32)> {
    match kind % 3 {
        0 => vec![
            (x - s * 0.5, y - s),
            (x - s * 0.1, y - s * 0.9),
            (x + s * 0.4, y - s * 0.95),
            (x + s * 0.55, y + s),
            (x - s * 0.6, y + s),
        ],
        1 => vec![
            (x - s * 0.7, y - s * 0.2),
            (x, y - s * 0.8),
            (x + s * 0.7, y - s * 0.2),
            (x + s * 0.45, y + s * 0.8),
            (x - s * 0.45, y + s * 0.8),
        ],
        _ => vec![(x - s * 0.4, y - s), (x + s * 0.4, y - s), (x + s * 0.7, y + s), (x - s * 0.7, y + s)],
    }
}

/// A sewing pattern: its envelope, and the tissue unfolded behind with the
/// pieces traced on it.
pub(super) fn sewing_pattern(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let tissue = [0.93, 0.9, 0.8];
    let ink = random_colour(rng, (0.4, 0.8), (0.2, 0.55));
    let sheet = [
        (cx - unit * 0.4, cy - unit * 0.33),
        (cx + unit * 0.18, cy - unit * 0.36),
        (cx + unit * 0.22, cy - unit * 0.02),
        (cx - unit * 0.42, cy + unit * 0.01),
    ];
    c.fill_polygon(&sheet, |_, _| tissue, 0.75);
    for (k, (px, py)) in [(-0.26, -0.17), (-0.04, -0.18)].into_iter().enumerate() {
        let outline = piece(k as u32 + rng.random_range(0..3), cx + unit * px, cy + unit * py, unit * 0.1);
        dashed(c, &outline, unit * 0.012, (unit * 0.003).max(0.8), ink);
    }
    let (ex, hw, hh) = (cx + unit * 0.22, unit * 0.12, unit * 0.17);
    let ey = cy - hh;
    c.shadow(ex + hw * 0.2, cy, hw * 1.2, hh * 0.12, 0.3);
    let kraft = [0.8, 0.69, 0.54];
    c.fill(
        (ex - hw, ey - hh, ex + hw, cy),
        |x, y| rounded_box(x, y, ex, ey, hw, hh, 1.5),
        lit(kraft, ex - hw, ey - hh, hh * 2.0),
        1.0,
    );
    c.fill(
        (ex - hw, ey - hh, ex + hw, ey - hh * 0.6),
        |x, y| rounded_box(x, y, ex, ey, hw, hh, 1.5).max(y - (ey - hh * 0.65)),
        |_, _| ink,
        1.0,
    );
    text_lines(c, ex, ey - hh * 0.82, hw * 0.5, 1, hh * 0.1, [0.97, 0.96, 0.93]);
    let outline = piece(rng.random_range(0..3), ex, ey + hh * 0.15, hh * 0.35);
    c.stroke(&[outline.as_slice(), &outline[..1]].concat(), (unit * 0.004).max(1.0), [0.2, 0.18, 0.16], 0.9);
}

/// A printed pattern: A4 sheets fanned out, pieces drawn on them with their
/// seam allowances and the marks to tape the sheets together.
pub(super) fn printed_pattern(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let (hw, hh) = (unit * 0.15, unit * 0.15 * 1.414 * 0.6);
    let line = (unit * 0.004).max(1.0);
    for k in 0..3 {
        let (sx, sy) = (cx + (k as f32 - 1.0) * unit * 0.12, cy - hh - unit * 0.02 - k as f32 * unit * 0.01);
        let angle = (k as f32 - 1.0) * 0.12 + rng.random_range(-0.05..0.05);
        let corners: Vec<_> = [(-1.0, -1.0), (1.0, -1.0), (1.0, 1.0), (-1.0, 1.0)]
            .iter()
            .map(|(u, v)| turned(sx + u * hw, sy + v * hh, sx, sy, -angle))
            .collect();
        c.shadow(sx, sy + hh, hw, hh * 0.2, 0.15);
        c.fill_polygon(&corners, |_, _| [0.98, 0.98, 0.97], 1.0);
        let outline: Vec<_> = piece(k + rng.random_range(0..3), sx, sy, hh * 0.6)
            .into_iter()
            .map(|(x, y)| turned(x, y, sx, sy, -angle))
            .collect();
        c.stroke(&[outline.as_slice(), &outline[..1]].concat(), line, [0.1, 0.1, 0.1], 1.0);
        let inner: Vec<_> = piece(k, sx, sy, hh * 0.5).into_iter().map(|(x, y)| turned(x, y, sx, sy, -angle)).collect();
        dashed(c, &inner, unit * 0.01, line * 0.7, [0.35, 0.35, 0.35]);
        for &(mx, my) in &corners {
            let (mx, my) = (sx + (mx - sx) * 0.86, sy + (my - sy) * 0.86);
            let r = unit * 0.01;
            c.fill(
                (mx - r * 2.0, my - r * 2.0, mx + r * 2.0, my + r * 2.0),
                |x, y| circle(x, y, mx, my, r).abs() - 0.6,
                |_, _| [0.2, 0.2, 0.2],
                1.0,
            );
        }
    }
}
