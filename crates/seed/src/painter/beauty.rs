//! Beauty: soaps, jars, bottles, perfumes.

use super::*;

pub(super) fn soap(canvas: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let tone = hsv(rng.random_range(0.0..1.0), rng.random_range(0.1..0.35), rng.random_range(0.75..0.95));
    // Soap bars, stacked, with an embossed panel.
    let hw = unit * rng.random_range(0.17..0.22);
    let hh = hw * 0.35;
    canvas.shadow(cx, cy, hw * 1.3, hh * 0.6, 0.3);
    for i in 0..rng.random_range(2..4) {
        let by = cy - hh - i as f32 * hh * 2.05;
        let bx = cx + rng.random_range(-0.08..0.08) * hw;
        let colour = scale(tone, 1.0 - 0.06 * i as f32);
        canvas.fill(
            (bx - hw, by - hh, bx + hw, by + hh),
            |x, y| rounded_box(x, y, bx, by, hw, hh, hh * 0.5),
            lit(colour, bx - hw * 0.4, by - hh, hw * 2.0),
            1.0,
        );
        canvas.fill(
            (bx - hw, by - hh, bx + hw, by + hh),
            |x, y| rounded_box(x, y, bx, by, hw * 0.6, hh * 0.45, hh * 0.3).abs() - 1.2,
            |_, _| scale(colour, 0.85),
            0.8,
        );
    }
}

pub(super) fn bottle(canvas: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let tone = hsv(rng.random_range(0.0..1.0), rng.random_range(0.1..0.35), rng.random_range(0.75..0.95));
    // A bottle with a label and a cap, beside a small jar.
    let hw = unit * rng.random_range(0.09..0.12);
    let hh = hw * rng.random_range(1.8..2.4);
    let by = cy - hh;
    canvas.shadow(cx + hw, cy, hw * 2.4, hw * 0.35, 0.3);
    let glass = mix(tone, [0.55, 0.4, 0.25], 0.5);
    canvas.fill(
        (cx - hw, by - hh, cx + hw, by + hh),
        |x, y| rounded_box(x, y, cx, by, hw, hh, hw * 0.35),
        lit(glass, cx - hw * 0.5, by - hh * 0.5, hh * 1.5),
        1.0,
    );
    canvas.fill(
        (cx - hw * 0.5, by - hh * 1.45, cx + hw * 0.5, by - hh + 2.0),
        |x, y| rounded_box(x, y, cx, by - hh * 1.2, hw * 0.38, hh * 0.22, 3.0),
        |_, _| [0.12, 0.11, 0.1],
        1.0,
    );
    canvas.fill(
        (cx - hw, by - hh * 0.3, cx + hw, by + hh * 0.4),
        |x, y| rounded_box(x, y, cx, by + hh * 0.05, hw * 0.8, hh * 0.3, 2.0),
        |_, _| [0.97, 0.95, 0.9],
        1.0,
    );
    let (jx, jr) = (cx + hw * 2.2, hw * 0.9);
    canvas.fill(
        (jx - jr, cy - jr * 1.4, jx + jr, cy),
        |x, y| rounded_box(x, y, jx, cy - jr * 0.7, jr, jr * 0.7, jr * 0.2),
        lit(tone, jx - jr * 0.3, cy - jr, jr * 1.6),
        1.0,
    );
}

/// Jars and tins of balm or cream: lids, labels.
pub(super) fn jars(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let glass = [[0.55, 0.35, 0.18], [0.95, 0.95, 0.93], [0.25, 0.3, 0.32], [0.85, 0.88, 0.86]][rng.random_range(0..4)];
    let lid = [[0.86, 0.72, 0.4], [0.78, 0.79, 0.82], [0.75, 0.58, 0.4], [0.15, 0.15, 0.15]][rng.random_range(0..4)];
    let label = hsv(rng.random_range(0.0..1.0), rng.random_range(0.05..0.3), rng.random_range(0.85..0.98));
    let count = rng.random_range(2..=3);
    for i in 0..count {
        let x = cx + (i as f32 - (count - 1) as f32 * 0.5) * unit * 0.25;
        // A tin is wide and flat, a jar taller.
        let tin = rng.random_bool(0.35);
        let hw = unit * if tin { rng.random_range(0.1..0.12) } else { rng.random_range(0.09..0.11) };
        let hh = if tin { hw * 0.38 } else { hw * rng.random_range(0.8..1.1) };
        let by = cy - hh;
        c.shadow(x + hw * 0.2, cy, hw * 1.3, hw * 0.25, 0.3);
        let body = if tin { lid } else { glass };
        c.fill(
            (x - hw, by - hh, x + hw, cy),
            |px, py| rounded_box(px, py, x, by, hw, hh, hw * 0.15),
            lit(body, x - hw * 0.4, by - hh, hh * 2.0 + hw),
            1.0,
        );
        if !tin {
            c.fill(
                (x - hw, by - hh * 0.5, x + hw, by + hh * 0.6),
                |px, py| rounded_box(px, py, x, by + hh * 0.05, hw * 1.001, hh * 0.42, 1.0),
                |_, _| label,
                1.0,
            );
            c.stroke(&[(x - hw * 0.5, by), (x + hw * 0.5, by)], (unit * 0.004).max(1.0), scale(label, 0.5), 0.8);
        }
        let lh = if tin { hh * 0.5 } else { hh * 0.35 };
        let ly = by - hh - lh * 0.6;
        c.fill(
            (x - hw * 1.05, ly - lh, x + hw * 1.05, ly + lh),
            |px, py| rounded_box(px, py, x, ly, hw * 1.03, lh, lh * 0.4),
            metal(lid, x, ly, hw),
            1.0,
        );
    }
}

/// A bottle of perfume: tinted glass, the juice inside, a heavy cap.
pub(super) fn perfume(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let juice = hsv(rng.random_range(0.0..0.2), rng.random_range(0.2..0.7), rng.random_range(0.75..0.95));
    let cap_colour =
        [[0.86, 0.72, 0.4], [0.12, 0.12, 0.12], [0.62, 0.45, 0.3], [0.92, 0.92, 0.92]][rng.random_range(0..4)];
    let round = rng.random_bool(0.4);
    let hw = unit * rng.random_range(0.1..0.13);
    let hh = hw * rng.random_range(0.9..1.3);
    let by = cy - hh;
    c.shadow(cx + hw * 0.3, cy, hw * 1.6, hw * 0.3, 0.3);
    let body = move |x: f32, y: f32| {
        if round { ellipse(x, y, cx, by, hw, hh) } else { rounded_box(x, y, cx, by, hw, hh, hw * 0.12) }
    };
    c.fill((cx - hw - 1.0, by - hh - 1.0, cx + hw + 1.0, cy + 1.0), body, |_, _| [0.9, 0.92, 0.93], 1.0);
    let level = by - hh * 0.55;
    c.fill(
        (cx - hw, level, cx + hw, cy),
        |x, y| (body(x, y) + hw * 0.1).max(level - y),
        lit(juice, cx - hw * 0.4, level, hh * 1.5),
        1.0,
    );
    for (dx, w) in [(-0.55, 0.08), (-0.35, 0.03)] {
        c.fill(
            (cx - hw, by - hh, cx + hw, cy),
            |x, y| body(x, y).max((x - cx - hw * dx).abs() - hw * w),
            |_, _| [1.0, 1.0, 1.0],
            0.45,
        );
    }
    let neck = by - hh;
    c.fill(
        (cx - hw * 0.3, neck - hw * 0.3, cx + hw * 0.3, neck + 2.0),
        |x, y| rounded_box(x, y, cx, neck - hw * 0.12, hw * 0.22, hw * 0.14, 1.0),
        metal([0.8, 0.8, 0.82], cx, neck, hw * 0.3),
        1.0,
    );
    let cap_h = hw * rng.random_range(0.4..0.7);
    let cap_y = neck - hw * 0.25 - cap_h;
    let sphere = rng.random_bool(0.3);
    c.fill(
        (cx - hw, cap_y - cap_h * 1.2, cx + hw, neck),
        |x, y| {
            if sphere {
                circle(x, y, cx, cap_y, cap_h)
            } else {
                rounded_box(x, y, cx, cap_y, hw * 0.55, cap_h, hw * 0.08)
            }
        },
        metal(cap_colour, cx, cap_y, hw * 0.6),
        1.0,
    );
}
