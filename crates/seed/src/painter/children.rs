//! Children: toys, plush, baby clothes, the nursery.

use super::*;

pub(super) fn blocks(canvas: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    // Wooden blocks, stacked.
    let size = unit * rng.random_range(0.08..0.11);
    let mut placed = Vec::new();
    for row in 0..3 {
        for col in 0..(3 - row) {
            if rng.random_bool(0.85) {
                let x = cx + (col as f32 - (2 - row) as f32 / 2.0) * size * 2.05;
                let y = cy - size - row as f32 * size * 2.02;
                placed.push((x, y));
            }
        }
    }
    canvas.shadow(cx, cy, size * 3.3, size * 0.5, 0.3);
    for (x, y) in placed {
        let colour = hsv(rng.random_range(0.0..1.0), rng.random_range(0.45..0.75), rng.random_range(0.75..0.95));
        canvas.fill(
            (x - size, y - size, x + size, y + size),
            |px, py| rounded_box(px, py, x, y, size, size, size * 0.15),
            lit(colour, x - size * 0.4, y - size * 0.4, size * 2.0),
            1.0,
        );
        canvas.fill(
            (x - size, y - size, x + size, y + size),
            |px, py| circle(px, py, x, y, size * 0.45).abs() - size * 0.08,
            |_, _| [0.98, 0.96, 0.9],
            0.9,
        );
    }
}

/// A plush bear or rabbit sitting: body, head, ears.
pub(super) fn plush(canvas: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot, rabbit: bool) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let fur = hsv(rng.random_range(0.05..0.12), rng.random_range(0.2..0.5), rng.random_range(0.6..0.9));
    let r = unit * rng.random_range(0.12..0.16);
    canvas.shadow(cx, cy, r * 1.4, r * 0.3, 0.3);
    canvas.fill(
        (cx - r * 1.3, cy - r * 2.0, cx + r * 1.3, cy),
        |x, y| ellipse(x, y, cx, cy - r * 0.9, r * 1.1, r * 1.0),
        lit(fur, cx - r * 0.4, cy - r * 1.4, r * 1.8),
        1.0,
    );
    plush_head(canvas, fur, (cx, cy - r * 2.3), r, rabbit);
}

/// A plush's head: long ears for a rabbit, round ones for a bear, eyes and snout.
fn plush_head(canvas: &mut Canvas, fur: Colour, head: (f32, f32), r: f32, rabbit: bool) {
    for side in [-1.0, 1.0] {
        let (ex, ey) = if rabbit {
            (head.0 + side * r * 0.4, head.1 - r * 1.3)
        } else {
            (head.0 + side * r * 0.75, head.1 - r * 0.7)
        };
        let (erx, ery) = if rabbit { (r * 0.22, r * 0.7) } else { (r * 0.32, r * 0.32) };
        canvas.fill(
            (ex - erx, ey - ery, ex + erx, ey + ery),
            |x, y| ellipse(x, y, ex, ey, erx, ery),
            lit(scale(fur, 0.9), ex, ey, ery),
            1.0,
        );
    }
    canvas.fill(
        (head.0 - r, head.1 - r, head.0 + r, head.1 + r),
        |x, y| circle(x, y, head.0, head.1, r * 0.85),
        lit(fur, head.0 - r * 0.3, head.1 - r * 0.3, r * 1.2),
        1.0,
    );
    for side in [-1.0, 1.0] {
        let (ex, ey) = (head.0 + side * r * 0.32, head.1 - r * 0.1);
        canvas.fill(
            (ex - r * 0.1, ey - r * 0.1, ex + r * 0.1, ey + r * 0.1),
            |x, y| circle(x, y, ex, ey, r * 0.07),
            |_, _| [0.1, 0.08, 0.08],
            1.0,
        );
    }
    canvas.fill(
        (head.0 - r * 0.3, head.1, head.0 + r * 0.3, head.1 + r * 0.4),
        |x, y| ellipse(x, y, head.0, head.1 + r * 0.22, r * 0.22, r * 0.15),
        |_, _| scale(fur, 1.15),
        1.0,
    );
}

fn toy_colour(rng: &mut impl Rng) -> Colour {
    hsv(rng.random_range(0.0..1.0), rng.random_range(0.45..0.75), rng.random_range(0.75..0.95))
}

/// A shape for a puzzle piece: circle, square, triangle, star or heart.
/// The star's points are made once per piece, not once per pixel.
fn shape(kind: u32, cx: f32, cy: f32, r: f32) -> impl Fn(f32, f32) -> f32 {
    let points = match kind % 5 {
        2 => vec![(cx, cy - r), (cx + r, cy + r * 0.75), (cx - r, cy + r * 0.75)],
        3 => star(cx, cy, r * 1.1, 5, 0.0),
        _ => Vec::new(),
    };
    move |x, y| match kind % 5 {
        0 => circle(x, y, cx, cy, r),
        1 => rounded_box(x, y, cx, cy, r * 0.85, r * 0.85, r * 0.1),
        2 | 3 => polygon(x, y, &points),
        _ => heart(x, y, cx, cy, r * 0.95),
    }
}

/// A wooden shape puzzle: its board, the cut-outs, pieces with their knobs,
/// one or two taken out.
pub(super) fn puzzle(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let wood = wood_of(rng);
    let (hw, hh) = (unit * rng.random_range(0.24..0.28), unit * rng.random_range(0.13..0.16));
    let by = cy - hh - unit * 0.02;
    c.shadow(cx, cy - unit * 0.01, hw * 1.05, hh * 0.5, 0.3);
    c.fill(
        (cx - hw, by - hh, cx + hw, by + hh + unit * 0.02),
        |x, y| rounded_box(x, y, cx, by + unit * 0.012, hw, hh, unit * 0.02),
        |_, _| scale(wood, 0.75),
        1.0,
    );
    c.fill(
        (cx - hw, by - hh, cx + hw, by + hh),
        |x, y| rounded_box(x, y, cx, by, hw, hh, unit * 0.02),
        lit(wood, cx - hw, by - hh, hw * 2.0),
        1.0,
    );
    let r = hh * 0.45;
    let out = rng.random_range(0..4);
    for k in 0..4_u32 {
        let (x, y) = (cx - hw * 0.72 + k as f32 * hw * 0.48, by);
        c.fill((x - r * 1.3, y - r * 1.3, x + r * 1.3, y + r * 1.3), shape(k, x, y, r), |_, _| scale(wood, 0.55), 1.0);
        let (px0, py0) = if k == out { (x + hw * 0.15, cy + unit * 0.05) } else { (x, y) };
        if k == out {
            c.shadow(px0, py0 + r * 0.6, r, r * 0.3, 0.3);
        }
        let colour = toy_colour(rng);
        c.fill(
            (px0 - r * 1.3, py0 - r * 1.3, px0 + r * 1.3, py0 + r * 1.3),
            shape(k, px0, py0, r * 0.95),
            lit(colour, px0 - r * 0.4, py0 - r * 0.4, r * 1.5),
            1.0,
        );
        let kr = r * 0.22;
        c.fill(
            (px0 - kr * 2.0, py0 - kr * 2.0, px0 + kr * 2.0, py0 + kr * 2.0),
            |px, py| circle(px, py, px0, py0, kr),
            lit(scale(wood, 1.05), px0 - kr * 0.3, py0 - kr * 0.3, kr),
            1.0,
        );
    }
}

/// A rattle: a wooden ring and the beads and bell strung on it.
pub(super) fn rattle(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let wood = wood_of(rng);
    let r = unit * rng.random_range(0.12..0.14);
    let (rx, ry) = (cx - unit * 0.05, cy - r - unit * 0.03);
    c.shadow(cx, cy, unit * 0.2, unit * 0.03, 0.3);
    c.fill(
        (rx - r * 1.3, ry - r * 1.3, rx + r * 1.3, ry + r * 1.3),
        |x, y| circle(x, y, rx, ry, r).abs() - r * 0.14,
        metal(scale(wood, 0.9), rx, ry, r * 1.8),
        1.0,
    );
    let mut x = rx + r * 0.85;
    for _ in 0..rng.random_range(3..5) {
        let br = unit * rng.random_range(0.04..0.05);
        let colour = if rng.random_bool(0.5) { toy_colour(rng) } else { wood_of(rng) };
        let y = ry + r * 0.5 + (x - rx - r) * 0.3;
        c.fill(
            (x - br * 1.3, y - br * 1.3, x + br * 1.3, y + br * 1.3),
            |px, py| circle(px, py, x, y, br),
            lit(colour, x - br * 0.3, y - br * 0.3, br),
            1.0,
        );
        x += br * 1.8;
    }
}

/// A wooden truck: cab, cargo bed, wheels.
pub(super) fn toy_truck(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let wood = wood_of(rng);
    let paint = toy_colour(rng);
    let (hw, wheel) = (unit * rng.random_range(0.2..0.24), unit * rng.random_range(0.045..0.055));
    let axle = cy - wheel;
    c.shadow(cx, cy, hw * 1.1, wheel * 0.4, 0.35);
    let chassis = axle - wheel * 0.6;
    c.fill(
        (cx - hw, chassis - wheel * 0.6, cx + hw, chassis + wheel * 0.6),
        |x, y| rounded_box(x, y, cx, chassis, hw, wheel * 0.5, wheel * 0.2),
        lit(wood, cx - hw, chassis, hw * 2.0),
        1.0,
    );
    let (cab_x, cab_w, cab_h) = (cx + hw * 0.68, hw * 0.32, unit * 0.09);
    let cab_y = chassis - wheel * 0.5 - cab_h;
    c.fill(
        (cab_x - cab_w, cab_y - cab_h, cab_x + cab_w, cab_y + cab_h),
        |x, y| rounded_box(x, y, cab_x, cab_y, cab_w, cab_h, cab_w * 0.25),
        lit(paint, cab_x - cab_w, cab_y - cab_h, cab_w * 2.0),
        1.0,
    );
    c.fill(
        (cab_x - cab_w, cab_y - cab_h, cab_x + cab_w, cab_y),
        |x, y| rounded_box(x, y, cab_x + cab_w * 0.15, cab_y - cab_h * 0.35, cab_w * 0.5, cab_h * 0.35, 2.0),
        |_, _| [0.82, 0.9, 0.95],
        1.0,
    );
    let (bed_x, bed_w, bed_h) = (cx - hw * 0.3, hw * 0.62, unit * 0.055);
    let bed_y = chassis - wheel * 0.5 - bed_h;
    c.fill(
        (bed_x - bed_w, bed_y - bed_h, bed_x + bed_w, bed_y + bed_h),
        |x, y| {
            (rounded_box(x, y, bed_x, bed_y, bed_w, bed_h, 2.0).abs() - unit * 0.008)
                .max(bed_y - bed_h * 0.6 - y)
                .min(rounded_box(x, y, bed_x, bed_y + bed_h * 0.7, bed_w, bed_h * 0.3, 2.0))
        },
        lit(scale(wood, 1.05), bed_x - bed_w, bed_y, bed_w * 2.0),
        1.0,
    );
    for k in 0..2 {
        let block = toy_colour(rng);
        let (bx, s) = (bed_x - bed_w * 0.4 + k as f32 * bed_w * 0.8, bed_h * 0.7);
        c.fill(
            (bx - s, bed_y - s * 2.0, bx + s, bed_y + bed_h),
            |x, y| rounded_box(x, y, bx, bed_y - s * 0.4, s, s, s * 0.15),
            lit(block, bx - s * 0.4, bed_y - s, s * 2.0),
            1.0,
        );
    }
    for wx in [cx - hw * 0.65, cx - hw * 0.1, cx + hw * 0.7] {
        c.fill(
            (wx - wheel * 1.1, axle - wheel * 1.1, wx + wheel * 1.1, axle + wheel * 1.1),
            |x, y| circle(x, y, wx, axle, wheel),
            lit([0.2, 0.18, 0.17], wx - wheel * 0.3, axle - wheel * 0.3, wheel),
            1.0,
        );
        c.fill(
            (wx - wheel, axle - wheel, wx + wheel, axle + wheel),
            |x, y| circle(x, y, wx, axle, wheel * 0.4),
            lit(wood, wx, axle, wheel * 0.5),
            1.0,
        );
    }
}

/// A rocking horse: curved rockers, legs, body, head, mane and tail.
pub(super) fn rocking_horse(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let wood = wood_of(rng);
    let coat = if rng.random_bool(0.5) { wood_of(rng) } else { toy_colour(rng) };
    let mane = [[0.2, 0.15, 0.12], [0.92, 0.9, 0.85], [0.5, 0.3, 0.2]][rng.random_range(0..3)];
    let saddle = toy_colour(rng);
    let span = unit * rng.random_range(0.26..0.3);
    c.shadow(cx, cy, span, unit * 0.03, 0.35);
    let big = span * 2.2;
    let centre = cy - big;
    c.fill(
        (cx - span * 1.1, cy - unit * 0.06, cx + span * 1.1, cy + 2.0),
        |x, y| {
            (circle(x, y, cx, centre, big).abs() - unit * 0.012).max((x - cx).abs() - span).max(cy - unit * 0.05 - y)
        },
        lit(wood, cx, cy - unit * 0.04, span),
        1.0,
    );
    let body_y = cy - unit * 0.2;
    let (bw, bh) = (unit * 0.15, unit * 0.06);
    for dx in [-0.7, -0.45, 0.45, 0.7] {
        let (fx, fy) = (cx + bw * dx, body_y);
        let foot = (cx + span * dx * 1.15, cy - unit * 0.035);
        c.stroke(&[(fx, fy), foot], unit * 0.016, scale(coat, 0.85), 1.0);
    }
    let tail = (cx - bw * 0.95, body_y - bh * 0.3);
    c.stroke(&[tail, (tail.0 - unit * 0.05, tail.1 + unit * 0.08)], unit * 0.02, mane, 1.0);
    c.fill(
        (cx - bw * 1.1, body_y - bh * 1.2, cx + bw * 1.1, body_y + bh * 1.2),
        |x, y| ellipse(x, y, cx, body_y, bw, bh),
        lit(coat, cx - bw * 0.5, body_y - bh, bw * 1.6),
        1.0,
    );
    let neck = [
        (cx + bw * 0.5, body_y - bh * 0.8),
        (cx + bw * 0.95, body_y - bh * 0.2),
        (cx + bw * 1.1, body_y - bh * 3.0),
        (cx + bw * 0.75, body_y - bh * 3.1),
    ];
    c.fill_polygon(&neck, lit(coat, cx + bw, body_y - bh * 3.0, bw), 1.0);
    let (hx, hy) = (cx + bw * 1.15, body_y - bh * 3.0);
    c.fill(
        (hx - bw * 0.6, hy - bh * 1.2, hx + bw * 0.6, hy + bh * 1.2),
        |x, y| {
            let (u, v) = turned(x, y, hx, hy, 0.5);
            ellipse(u, v, hx, hy, bw * 0.42, bh * 0.7)
        },
        lit(coat, hx - bw * 0.2, hy - bh * 0.5, bw * 0.5),
        1.0,
    );
    c.stroke(&[(cx + bw * 0.72, body_y - bh * 3.2), (cx + bw * 0.55, body_y - bh * 0.9)], unit * 0.018, mane, 1.0);
    let (ex, ey) = (hx + bw * 0.02, hy - bh * 0.3);
    c.fill(
        (ex - 4.0, ey - 4.0, ex + 4.0, ey + 4.0),
        |x, y| circle(x, y, ex, ey, unit * 0.006),
        |_, _| [0.08, 0.06, 0.06],
        1.0,
    );
    c.fill(
        (cx - bw * 0.4, body_y - bh * 1.3, cx + bw * 0.4, body_y),
        |x, y| ellipse(x, y, cx, body_y - bh * 0.85, bw * 0.32, bh * 0.4),
        lit(saddle, cx, body_y - bh, bw * 0.4),
        1.0,
    );
}

/// A rag doll sitting: woollen hair, a printed dress, arms and legs.
pub(super) fn doll(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let skin = [[0.96, 0.84, 0.74], [0.82, 0.64, 0.5], [0.55, 0.38, 0.28], [0.93, 0.78, 0.66]][rng.random_range(0..4)];
    let hair = [[0.3, 0.2, 0.12], [0.85, 0.65, 0.35], [0.75, 0.35, 0.2], [0.12, 0.1, 0.1]][rng.random_range(0..4)];
    let (_, weave) = cloth(rng, unit * 0.7);
    let r = unit * rng.random_range(0.07..0.085);
    let seat = cy - unit * 0.03;
    c.shadow(cx, cy, unit * 0.16, unit * 0.03, 0.3);
    for side in [-1.0, 1.0] {
        let hip = (cx + side * r * 0.5, seat);
        let foot = (cx + side * r * 0.9, cy + unit * 0.02);
        c.stroke(&[hip, foot], r * 0.45, skin, 1.0);
        c.fill(
            (foot.0 - r * 0.5, foot.1 - r * 0.5, foot.0 + r * 0.5, foot.1 + r * 0.5),
            |x, y| circle(x, y, foot.0, foot.1, r * 0.3),
            |_, _| [0.3, 0.2, 0.2],
            1.0,
        );
    }
    let shoulders = seat - r * 2.6;
    let dress = [
        (cx - r * 0.7, shoulders),
        (cx + r * 0.7, shoulders),
        (cx + r * 1.5, seat + r * 0.3),
        (cx - r * 1.5, seat + r * 0.3),
    ];
    c.fill_polygon(&dress, weave, 1.0);
    for side in [-1.0, 1.0] {
        c.stroke(
            &[(cx + side * r * 0.7, shoulders + r * 0.2), (cx + side * r * 1.4, seat - r * 0.6)],
            r * 0.35,
            skin,
            1.0,
        );
    }
    let head = (cx, shoulders - r * 0.95);
    c.fill(
        (head.0 - r * 1.3, head.1 - r * 1.3, head.0 + r * 1.3, head.1 + r * 1.6),
        |x, y| {
            ellipse(x, y, head.0, head.1 - r * 0.1, r * 1.2, r * 1.15).min(rounded_box(
                x,
                y,
                head.0,
                head.1 + r * 0.5,
                r * 1.15,
                r * 0.7,
                r * 0.4,
            ))
        },
        |_, _| hair,
        1.0,
    );
    c.fill(
        (head.0 - r, head.1 - r, head.0 + r, head.1 + r),
        |x, y| circle(x, y, head.0, head.1 + r * 0.1, r * 0.9),
        lit(skin, head.0 - r * 0.3, head.1 - r * 0.3, r * 1.2),
        1.0,
    );
    for side in [-1.0, 1.0] {
        let (ex, ey) = (head.0 + side * r * 0.35, head.1 + r * 0.05);
        c.fill(
            (ex - r * 0.2, ey - r * 0.2, ex + r * 0.2, ey + r * 0.2),
            |x, y| circle(x, y, ex, ey, r * 0.08),
            |_, _| [0.1, 0.08, 0.08],
            1.0,
        );
        c.fill(
            (ex - r * 0.3, ey, ex + r * 0.3, ey + r * 0.5),
            |x, y| circle(x, y, ex, ey + r * 0.3, r * 0.14),
            |_, _| [0.95, 0.55, 0.55],
            0.6,
        );
    }
}

/// A sensory ball: segments of colour, each studded with soft bumps.
pub(super) fn sensory_ball(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let colours: Vec<Colour> = (0..3).map(|_| toy_colour(rng)).collect();
    let r = unit * rng.random_range(0.14..0.18);
    let by = cy - r;
    let turn = rng.random_range(0.0..1.0_f32);
    c.shadow(cx, cy, r * 1.1, r * 0.25, 0.35);
    let bump = r * 0.16;
    c.fill(
        (cx - r * 1.1, by - r * 1.1, cx + r * 1.1, by + r * 1.1),
        |x, y| circle(x, y, cx, by, r),
        move |x, y| {
            let (dx, dy) = ((x - cx) / r, (y - by) / r);
            let sector = (((dy.atan2(dx) / std::f32::consts::TAU + 0.5 + turn) * 6.0) as usize) % colours.len();
            let (u, v) = (x / bump, y / bump);
            let raised = (u.fract() - 0.5).powi(2) + (v.fract() - 0.5).powi(2) < 0.1;
            scale(
                colours[sector],
                (1.05 - 0.3 * (dx * 0.5 + dy * 0.7).max(-0.3) - 0.25 * (dx * dx + dy * dy))
                    * if raised { 1.1 } else { 0.95 },
            )
        },
        1.0,
    );
}

/// A flat comforter: a square of soft cloth with knotted corners and a
/// plush head at its middle.
pub(super) fn flat_comforter(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let (base, weave) = cloth(rng, unit * 0.7);
    let fur = hsv(rng.random_range(0.05..0.12), rng.random_range(0.15..0.45), rng.random_range(0.65..0.92));
    let rabbit = rng.random_bool(0.5);
    let (mx, my) = (cx, cy - unit * 0.13);
    let (hx, hy) = (unit * 0.3, unit * 0.12);
    c.shadow(mx, my + hy * 0.6, hx, hy * 0.6, 0.2);
    let cloth_points = [(mx, my - hy), (mx + hx, my), (mx, my + hy), (mx - hx, my)];
    c.fill_polygon(&cloth_points, weave, 1.0);
    for (kx, ky) in [(mx - hx, my), (mx + hx, my), (mx, my + hy)] {
        let r = unit * 0.03;
        c.fill(
            (kx - r * 1.5, ky - r * 1.5, kx + r * 1.5, ky + r * 1.5),
            |x, y| circle(x, y, kx, ky, r),
            lit(scale(base, 0.9), kx - r * 0.3, ky - r * 0.3, r),
            1.0,
        );
    }
    plush_head(c, fur, (mx, my - unit * 0.02), unit * 0.09, rabbit);
}

/// A baby's bodysuit laid flat: short sleeves, a rounded bottom with its snaps.
pub(super) fn bodysuit(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let (base, weave) = cloth(rng, unit * 0.6);
    let top = cy - unit * 0.42;
    let s = unit;
    let half =
        [(0.05, 0.0), (0.12, 0.01), (0.21, 0.07), (0.17, 0.14), (0.12, 0.11), (0.12, 0.3), (0.1, 0.36), (0.04, 0.42)];
    let mut outline: Vec<(f32, f32)> = half.iter().map(|&(dx, dy)| (cx + dx * s, top + dy * s)).collect();
    outline.extend(half.iter().rev().map(|&(dx, dy)| (cx - dx * s, top + dy * s)));
    c.shadow(cx, top + s * 0.4, s * 0.16, s * 0.04, 0.25);
    c.fill_polygon(&outline, weave, 1.0);
    c.fill(
        (cx - s * 0.06, top - 2.0, cx + s * 0.06, top + s * 0.05),
        |x, y| ellipse(x, y, cx, top, s * 0.05, s * 0.035),
        |_, _| scale(base, 0.7),
        1.0,
    );
    for k in [-1.0, 0.0, 1.0] {
        let (x, y) = (cx + k * s * 0.025, top + s * 0.405);
        let r = s * 0.007;
        c.fill(
            (x - r * 2.0, y - r * 2.0, x + r * 2.0, y + r * 2.0),
            |px, py| circle(px, py, x, y, r),
            |_, _| [0.85, 0.85, 0.86],
            1.0,
        );
    }
}

/// A bib: round, its neck cut out, a snap at the top, a bias edge.
pub(super) fn bib(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let (base, weave) = cloth(rng, unit * 0.6);
    let edge = random_colour(rng, (0.3, 0.7), (0.4, 0.85));
    let r = unit * rng.random_range(0.14..0.17);
    let by = cy - r - unit * 0.02;
    let neck = (cx, by - r * 0.75);
    let shape = move |x: f32, y: f32| {
        circle(x, y, cx, by, r)
            .max(-circle(x, y, neck.0, neck.1, r * 0.42))
            .max(-(rounded_box(x, y, cx, by - r, r * 0.12, r * 0.4, 1.0)))
    };
    c.shadow(cx, cy, r, r * 0.2, 0.25);
    c.fill((cx - r - 2.0, by - r - 2.0, cx + r + 2.0, by + r + 2.0), shape, weave, 1.0);
    c.fill(
        (cx - r - 2.0, by - r - 2.0, cx + r + 2.0, by + r + 2.0),
        |x, y| shape(x, y).abs() - unit * 0.006,
        |_, _| edge,
        1.0,
    );
    let (sx, sy) = (cx - r * 0.35, by - r * 0.95);
    c.fill(
        (sx - r * 0.1, sy - r * 0.1, sx + r * 0.1, sy + r * 0.1),
        |x, y| circle(x, y, sx, sy, r * 0.05),
        |_, _| scale(base, 0.6),
        1.0,
    );
}

/// A pair of booties: soles, rounded uppers, turned-down cuffs.
pub(super) fn booties(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let wool = random_colour(rng, (0.1, 0.6), (0.55, 0.92));
    let knit = pattern(4, wool, scale(wool, 0.88), unit * 0.012);
    let cuff = scale(wool, 0.9);
    for side in [-1.0, 1.0] {
        let x = cx + side * unit * 0.13;
        let (len, h) = (unit * 0.12, unit * 0.085);
        let sole = cy - unit * 0.02;
        c.shadow(x, cy, len * 1.1, h * 0.3, 0.3);
        c.fill(
            (x - len * 1.2, sole - h * 2.5, x + len * 1.2, sole + h * 0.3),
            |px, py| {
                ellipse(px, py, x + side * len * 0.2, sole - h * 0.5, len, h * 0.6).min(rounded_box(
                    px,
                    py,
                    x - side * len * 0.35,
                    sole - h * 1.2,
                    len * 0.45,
                    h * 1.2,
                    len * 0.3,
                ))
            },
            knit,
            1.0,
        );
        c.fill(
            (x - len, sole - h * 2.6, x + len, sole - h * 1.7),
            |px, py| rounded_box(px, py, x - side * len * 0.35, sole - h * 2.2, len * 0.5, h * 0.35, h * 0.2),
            |_, _| cuff,
            1.0,
        );
        c.fill(
            (x - len * 1.2, sole - 2.0, x + len * 1.2, sole + h * 0.3),
            |px, py| ellipse(px, py, x, sole, len * 1.05, h * 0.15),
            |_, _| [0.45, 0.35, 0.28],
            1.0,
        );
    }
}

/// A mobile: a ring hung from the ceiling, shapes on threads below it.
pub(super) fn mobile(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let wood = wood_of(rng);
    let ring_y = (cy - unit * 0.5).max(unit * 0.06);
    let (rx, ry) = (unit * 0.2, unit * 0.04);
    c.stroke(&[(cx, 0.0), (cx, ring_y - ry)], 1.0, [0.35, 0.33, 0.3], 0.9);
    for side in [-1.0, 1.0] {
        c.stroke(&[(cx, ring_y - ry - unit * 0.05), (cx + side * rx, ring_y)], 1.0, [0.35, 0.33, 0.3], 0.7);
    }
    c.fill(
        (cx - rx - 4.0, ring_y - ry - 4.0, cx + rx + 4.0, ring_y + ry + 4.0),
        |x, y| ellipse(x, y, cx, ring_y, rx, ry).abs() - unit * 0.006,
        |_, _| wood,
        1.0,
    );
    let count = rng.random_range(4..7);
    for k in 0..count {
        let a = k as f32 / count as f32 * std::f32::consts::TAU + 0.3;
        let (tx, ty) = (cx + a.cos() * rx, ring_y + a.sin() * ry);
        let drop = unit * rng.random_range(0.12..0.3);
        let (sx, sy) = (tx, ty + drop);
        c.stroke(&[(tx, ty), (sx, sy)], 1.0, [0.4, 0.38, 0.35], 0.8);
        let colour = hsv(rng.random_range(0.0..1.0), rng.random_range(0.15..0.45), rng.random_range(0.8..0.97));
        let r = unit * rng.random_range(0.03..0.045);
        let kind = rng.random_range(0..3);
        let points = star(sx, sy + r, r, 5, 0.0);
        let sdf = move |x: f32, y: f32| match kind {
            0 => circle(x, y, sx - r * 0.6, sy + r * 0.2, r * 0.6)
                .min(circle(x, y, sx + r * 0.6, sy + r * 0.2, r * 0.6))
                .min(circle(x, y, sx, sy - r * 0.1, r * 0.75)),
            1 => polygon(x, y, &points),
            _ => circle(x, y, sx, sy + r, r).max(-circle(x, y, sx + r * 0.5, sy + r * 0.7, r * 0.85)),
        };
        c.fill(
            (sx - r * 1.6, sy - r * 1.2, sx + r * 1.6, sy + r * 2.2),
            sdf,
            lit(colour, sx - r * 0.4, sy, r * 1.5),
            1.0,
        );
    }
}

/// A rug laid flat: braided rings of an oval one, or stripes and fringe.
pub(super) fn rug(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let colours: Vec<Colour> = (0..3).map(|_| random_colour(rng, (0.1, 0.5), (0.55, 0.92))).collect();
    let (rx, ry) = (unit * rng.random_range(0.32..0.38), unit * rng.random_range(0.12..0.15));
    let my = cy - ry * 0.9;
    c.shadow(cx, my + ry * 0.4, rx, ry * 0.7, 0.2);
    let fringe = colours[0];
    if rng.random_bool(0.5) {
        let band = unit * 0.02;
        c.fill(
            (cx - rx, my - ry, cx + rx, my + ry),
            |x, y| ellipse(x, y, cx, my, rx, ry),
            move |x, y| {
                let k = (((x - cx) / rx).powi(2) + ((y - my) / ry).powi(2)).sqrt() * rx / band;
                scale(colours[(k as usize) % colours.len()], 0.92 + 0.1 * (k * std::f32::consts::PI).sin().abs())
            },
            1.0,
        );
    } else {
        let (hw, hh) = (rx * 0.9, ry);
        c.fill(
            (cx - hw, my - hh, cx + hw, my + hh),
            |x, y| rounded_box(x, y, cx, my, hw, hh, 2.0),
            move |x, _| {
                let stripe = (((x - cx + hw) / (hw * 2.0)) * 7.0) as usize;
                colours[stripe % colours.len()]
            },
            1.0,
        );
        for side in [-1.0, 1.0] {
            let x = cx + side * hw;
            let n = ((hh * 2.0 / (unit * 0.01)) as usize).max(2);
            for k in 0..=n {
                let y = my - hh + hh * 2.0 * k as f32 / n as f32;
                c.stroke(&[(x, y), (x + side * unit * 0.035, y)], (unit * 0.004).max(0.8), fringe, 0.9);
            }
        }
    }
}

/// A teepee: its poles crossed at the top, a canvas, the door flap open.
pub(super) fn teepee(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let (base, weave) = cloth(rng, unit);
    let canvas_colour = if rng.random_bool(0.5) { [0.94, 0.92, 0.86] } else { base };
    let plain = canvas_colour != base;
    let wood = wood_of(rng);
    let (hw, h) = (unit * rng.random_range(0.2..0.24), unit * rng.random_range(0.44..0.5));
    let apex = (cx, cy - h);
    c.shadow(cx, cy, hw * 1.2, hw * 0.15, 0.35);
    let tent = [(cx - hw, cy), (cx + hw, cy), apex];
    c.fill_polygon(
        &tent,
        move |x, y| scale(if plain { canvas_colour } else { weave(x, y) }, 1.0 - 0.15 * ((x - cx) / hw).abs()),
        1.0,
    );
    let door = [(cx - hw * 0.4, cy), (cx + hw * 0.4, cy), (cx, cy - h * 0.55)];
    c.fill_polygon(&door, |_, _| scale(canvas_colour, 0.35), 1.0);
    c.fill_polygon(
        &[(cx, cy - h * 0.55), (cx + hw * 0.4, cy), (cx + hw * 0.55, cy - h * 0.15)],
        |_, _| scale(canvas_colour, 0.9),
        1.0,
    );
    for dx in [-1.25, -0.7, 0.7, 1.25] {
        let top = (cx + dx * hw * 0.12, cy - h * 1.08);
        c.stroke(&[(cx + dx * hw * 0.75, cy), top], (unit * 0.01).max(1.0), wood, 1.0);
    }
}
