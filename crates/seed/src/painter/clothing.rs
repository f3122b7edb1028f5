//! Clothes, bags, scarves, hats and belts.

use super::*;

const LEATHERS: [Colour; 5] =
    [[0.55, 0.33, 0.18], [0.25, 0.18, 0.14], [0.76, 0.62, 0.45], [0.45, 0.12, 0.12], [0.85, 0.8, 0.7]];

/// Leather most often, otherwise a dyed canvas.
fn bag_colour(rng: &mut impl Rng) -> Colour {
    if rng.random_bool(0.6) {
        LEATHERS[rng.random_range(0..LEATHERS.len())]
    } else {
        random_colour(rng, (0.2, 0.6), (0.4, 0.85))
    }
}

/// A cheap hash of a position in [0, 1): fluff and straw.
fn speckle(x: f32, y: f32) -> f32 {
    ((x * 12.9898 + y * 78.233).sin() * 43_758.547).fract().abs()
}

/// How a folded top shows at its neck.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Neck {
    /// A jumper's or a T-shirt's round neck.
    Round,
    /// A cardigan's V and its buttons.
    Buttoned,
    /// A shirt's collar points and buttons.
    Collar,
    /// A breton top: a wide boat neck over navy or red stripes.
    Boat,
}

/// A folded top seen from above: its fold lines, then its neck.
pub(super) fn folded_top(canvas: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot, neck: Neck) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let (mut base, weave) = cloth(rng, unit);
    let stripes = [[0.12, 0.16, 0.32], [0.70, 0.12, 0.14]][rng.random_range(0..2)];
    let period = unit * rng.random_range(0.018..0.03);
    let breton = move |_: f32, y: f32| if ((y / period).floor() as i64) % 2 == 0 { stripes } else { [0.95, 0.94, 0.9] };
    if neck == Neck::Boat {
        base = [0.95, 0.94, 0.9];
    }
    // Many shirts are plain.
    let plain = neck == Neck::Collar && rng.random_bool(0.5);
    let hw = unit * rng.random_range(0.26..0.34);
    let hh = unit * rng.random_range(0.18..0.24);
    let cy = cy - hh * 0.2;
    canvas.shadow(cx + hw * 0.05, cy + hh * 0.9, hw * 1.05, hh * 0.4, 0.3);
    canvas.fill(
        (cx - hw, cy - hh, cx + hw, cy + hh),
        |x, y| rounded_box(x, y, cx, cy, hw, hh, unit * 0.02),
        |x, y| {
            let cloth = match neck {
                Neck::Boat => breton(x, y),
                _ if plain => base,
                _ => weave(x, y),
            };
            scale(cloth, 1.0 - 0.12 * ((y - cy) / hh).abs())
        },
        1.0,
    );
    // The fold lines.
    for fold in [-0.33, 0.33] {
        let fx = cx + hw * fold;
        canvas.fill(
            (fx - 3.0, cy - hh, fx + 3.0, cy + hh),
            |x, y| segment(x, y, (fx, cy - hh * 0.95), (fx, cy + hh * 0.95), 0.8),
            |_, _| scale(base, 0.7),
            0.6,
        );
    }
    let collar = hh * 0.35;
    let top = cy - hh;
    let trim = scale(base, 0.82);
    match neck {
        Neck::Round | Neck::Boat => {
            // The opening, the inside of the back showing through, and its ribbed trim.
            let (wide, low) = if neck == Neck::Boat { (2.4, 0.5) } else { (1.3, 0.7) };
            let bbox = (cx - collar * 2.6, top - collar * 0.2, cx + collar * 2.6, top + collar * 1.2);
            let opening = move |x: f32, y: f32| ellipse(x, y, cx, top, collar * wide, collar * low).max(top - y);
            canvas.fill(bbox, opening, |_, _| scale(base, 0.5), 1.0);
            canvas.fill(bbox, |x, y| opening(x, y).abs() - collar * 0.1, |_, _| trim, 1.0);
        }
        Neck::Buttoned | Neck::Collar => {
            let depth = if neck == Neck::Buttoned { hh * 0.9 } else { hh * 0.35 };
            let opening = [(cx - collar * 1.3, top), (cx + collar * 1.3, top), (cx, top + depth)];
            let inside = if neck == Neck::Buttoned { scale(base, 0.55) } else { scale(base, 0.75) };
            canvas.fill_polygon(&opening, |_, _| inside, 1.0);
            if neck == Neck::Collar {
                for side in [-1.0, 1.0] {
                    let point = [
                        (cx, top + depth * 0.9),
                        (cx + side * collar * 1.5, top - collar * 0.15),
                        (cx + side * collar * 1.1, top + collar * 1.3),
                    ];
                    canvas.fill_polygon(&point, |x, y| scale(weave(x, y), 1.08), 1.0);
                    canvas.stroke(&[point[0], point[2], point[1]], 1.5, scale(base, 0.65), 0.8);
                }
            } else {
                for side in [-1.0, 1.0] {
                    canvas.stroke(&[(cx + side * collar * 1.3, top), (cx, top + depth)], collar * 0.25, trim, 1.0);
                }
            }
            // The button band down the front, its buttons.
            canvas.stroke(&[(cx, top + depth), (cx, cy + hh * 0.95)], 1.5, scale(base, 0.6), 0.8);
            let buttons = if neck == Neck::Buttoned { 2 } else { 4 };
            let button = [[0.92, 0.9, 0.85], [0.35, 0.25, 0.2], scale(base, 0.6)][rng.random_range(0..3)];
            for k in 0..buttons {
                let by = top + depth + (cy + hh - top - depth) * (k as f32 + 0.5) / buttons as f32;
                let br = unit * 0.011;
                canvas.fill(
                    (cx - br * 2.0, by - br * 2.0, cx + br * 2.0, by + br * 2.0),
                    |x, y| circle(x, y, cx, by, br),
                    lit(button, cx - br * 0.3, by - br * 0.3, br),
                    1.0,
                );
            }
        }
    }
}

pub(super) fn dress(canvas: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let base = random_colour(rng, (0.15, 0.6), (0.45, 0.9));
    let accent = mix(base, random_colour(rng, (0.2, 0.7), (0.3, 0.95)), 0.7);
    let kind = rng.random_range(0..5);
    let period = unit * rng.random_range(0.02..0.05);
    // A dress on an invisible hanger: narrow at the top, flared below.
    let top = cy - unit * 0.42;
    let bottom = cy + unit * 0.12;
    let shoulders = unit * 0.12;
    let hem = unit * rng.random_range(0.24..0.32);
    let weave = pattern(kind, base, accent, period);
    canvas.fill(
        (cx - hem, top, cx + hem, bottom),
        |x, y| {
            let t = ((y - top) / (bottom - top)).clamp(0.0, 1.0);
            let waist = if t < 0.35 {
                shoulders * (1.0 - t * 0.6)
            } else {
                shoulders * 0.8 + (hem - shoulders * 0.8) * ((t - 0.35) / 0.65).powf(0.8)
            };
            ((x - cx).abs() - waist).max(top - y).max(y - bottom)
        },
        |x, y| scale(weave(x, y), 0.9 + 0.1 * ((x - cx) / hem).cos()),
        1.0,
    );
    canvas.fill(
        (cx - shoulders, top - unit * 0.06, cx + shoulders, top + 4.0),
        |x, y| {
            segment(x, y, (cx - shoulders * 0.9, top), (cx, top - unit * 0.05), 2.0).min(segment(
                x,
                y,
                (cx + shoulders * 0.9, top),
                (cx, top - unit * 0.05),
                2.0,
            ))
        },
        |_, _| [0.35, 0.3, 0.28],
        1.0,
    );
}

pub(super) fn handbag(canvas: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let body = bag_colour(rng);
    let hw = unit * rng.random_range(0.2..0.3);
    let hh = unit * rng.random_range(0.15..0.22);
    let cy = cy - hh * 0.4;
    canvas.shadow(cx, cy + hh, hw * 1.1, hh * 0.3, 0.35);
    let handle_r = hw * rng.random_range(0.5..0.8);
    let handle_w = unit * 0.015;
    canvas.fill(
        (cx - handle_r - handle_w, cy - hh - handle_r - handle_w, cx + handle_r + handle_w, cy - hh + 2.0),
        |x, y| (circle(x, y, cx, cy - hh, handle_r).abs() - handle_w).max(y - (cy - hh)),
        lit(scale(body, 0.85), cx, cy - hh - handle_r, handle_r),
        1.0,
    );
    canvas.fill(
        (cx - hw, cy - hh, cx + hw, cy + hh),
        |x, y| rounded_box(x, y, cx, cy, hw - (y - cy + hh) * -0.08, hh, unit * 0.03),
        lit(body, cx - hw * 0.3, cy - hh * 0.5, hw * 1.4),
        1.0,
    );
    // Saddle stitching along the flap.
    let flap = cy - hh * 0.2;
    canvas.fill(
        (cx - hw, flap - 2.0, cx + hw, flap + 2.0),
        |x, y| if ((x / (unit * 0.012)) as i64) % 2 == 0 { (y - flap).abs() - 0.8 } else { 1.0 },
        |_, _| scale(body, 1.35),
        0.9,
    );
    let buckle = unit * 0.025;
    canvas.fill(
        (cx - buckle * 1.5, flap - buckle * 1.5, cx + buckle * 1.5, flap + buckle * 1.5),
        |x, y| rounded_box(x, y, cx, flap, buckle, buckle * 0.8, 2.0).abs() - 1.5,
        metal([0.86, 0.72, 0.4], cx, flap, buckle),
        1.0,
    );
}

/// A coat or jacket on its hanger: sleeves, lapels, buttons, pockets, maybe a belt.
pub(super) fn coat(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    const WOOLS: [Colour; 6] = [
        [0.62, 0.47, 0.32],
        [0.18, 0.22, 0.32],
        [0.35, 0.38, 0.26],
        [0.25, 0.25, 0.26],
        [0.55, 0.28, 0.18],
        [0.78, 0.72, 0.62],
    ];
    let Spot { x: cx, y: cy, unit, .. } = at;
    let body = scale(WOOLS[rng.random_range(0..WOOLS.len())], rng.random_range(0.9..1.1));
    let (top, bottom) = (cy - unit * 0.42, cy + unit * 0.12);
    let len = bottom - top;
    let shoulders = unit * 0.15;
    let hem = unit * rng.random_range(0.17..0.21);
    hanger(c, cx, top, shoulders, unit);
    for side in [-1.0, 1.0] {
        let sleeve = [
            (cx + side * shoulders * 0.85, top + unit * 0.01),
            (cx + side * (shoulders + unit * 0.045), top + unit * 0.04),
            (cx + side * (shoulders + unit * 0.065), top + len * 0.64),
            (cx + side * (shoulders + unit * 0.005), top + len * 0.64),
            (cx + side * shoulders * 0.92, top + unit * 0.12),
        ];
        c.fill_polygon(&sleeve, lit(scale(body, 0.88), cx, top, len), 1.0);
    }
    let outline = [
        (cx - shoulders, top + unit * 0.02),
        (cx - unit * 0.04, top),
        (cx + unit * 0.04, top),
        (cx + shoulders, top + unit * 0.02),
        (cx + hem, bottom),
        (cx - hem, bottom),
    ];
    c.fill_polygon(&outline, lit(body, cx - shoulders, top, len), 1.0);
    let v = top + len * 0.36;
    for side in [-1.0, 1.0] {
        let lapel = [(cx + side * unit * 0.04, top), (cx + side * unit * 0.11, top + len * 0.15), (cx, v)];
        c.fill_polygon(&lapel, |_, _| scale(body, 1.12), 1.0);
        c.stroke(&[lapel[0], lapel[1], lapel[2]], 1.5, scale(body, 0.7), 0.8);
        let pocket = top + len * 0.7;
        let px = cx + side * hem * 0.55;
        c.stroke(
            &[(px - unit * 0.035, pocket), (px + unit * 0.035, pocket)],
            (unit * 0.006).max(1.0),
            scale(body, 0.65),
            0.9,
        );
    }
    c.stroke(&[(cx, v), (cx, bottom)], 1.5, scale(body, 0.6), 0.9);
    let button = [[0.15, 0.12, 0.1], [0.55, 0.42, 0.3], [0.85, 0.8, 0.7]][rng.random_range(0..3)];
    for k in 0..3 {
        let (bx, by) = (cx + unit * 0.025, v + len * (0.08 + 0.14 * k as f32));
        let r = unit * 0.012;
        c.fill(
            (bx - r * 2.0, by - r * 2.0, bx + r * 2.0, by + r * 2.0),
            |x, y| circle(x, y, bx, by, r),
            lit(button, bx - r * 0.3, by - r * 0.3, r),
            1.0,
        );
    }
    if rng.random_bool(0.4) {
        // A trench's or a saharienne's belt.
        let by = top + len * 0.46;
        let half = shoulders + (hem - shoulders) * 0.46;
        c.fill(
            (cx - half, by - unit * 0.02, cx + half, by + unit * 0.02),
            |x, y| rounded_box(x, y, cx, by, half, unit * 0.016, 2.0),
            |_, _| scale(body, 0.85),
            1.0,
        );
        let bw = unit * 0.022;
        c.fill(
            (cx - bw * 1.5, by - bw * 1.5, cx + bw * 1.5, by + bw * 1.5),
            |x, y| rounded_box(x, y, cx, by, bw, bw * 0.9, 2.0).abs() - 1.2,
            metal([0.8, 0.75, 0.6], cx, by, bw),
            1.0,
        );
    }
}

/// A wooden hanger on its hook, shoulders `half` wide each side.
fn hanger(c: &mut Canvas, cx: f32, top: f32, half: f32, unit: f32) {
    let wood = [0.62, 0.45, 0.3];
    let w = (unit * 0.012).max(1.0);
    c.stroke(&[(cx, top - unit * 0.02), (cx, top - unit * 0.05)], (unit * 0.005).max(1.0), [0.55, 0.55, 0.56], 1.0);
    let hook = top - unit * 0.065;
    c.fill(
        (cx - unit * 0.03, hook - unit * 0.03, cx + unit * 0.03, hook + unit * 0.02),
        |x, y| (circle(x, y, cx + unit * 0.012, hook, unit * 0.014).abs() - unit * 0.0025).max(y - hook),
        |_, _| [0.55, 0.55, 0.56],
        1.0,
    );
    c.stroke(
        &[(cx - half * 0.95, top + unit * 0.02), (cx, top - unit * 0.02), (cx + half * 0.95, top + unit * 0.02)],
        w,
        wood,
        1.0,
    );
}

/// A kimono (or a bathrobe) hung from a rod: wide sleeves, crossed front bands, a belt.
pub(super) fn kimono(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let (base, weave) = cloth(rng, unit);
    let band = mix(random_colour(rng, (0.2, 0.6), (0.3, 0.9)), base, 0.3);
    let (top, bottom) = (cy - unit * 0.42, cy + unit * 0.1);
    let span = unit * rng.random_range(0.3..0.35);
    let sleeve = unit * rng.random_range(0.15..0.19);
    let half = unit * 0.15;
    let rod = (unit * 0.014).max(1.0);
    c.nail(cx, top - unit * 0.1, unit);
    c.stroke(&[(cx - span * 0.8, top), (cx, top - unit * 0.1), (cx + span * 0.8, top)], 1.0, [0.4, 0.38, 0.35], 0.8);
    let shape = [
        (cx - span, top),
        (cx + span, top),
        (cx + span, top + sleeve),
        (cx + half, top + sleeve),
        (cx + half * 1.05, bottom),
        (cx - half * 1.05, bottom),
        (cx - half, top + sleeve),
        (cx - span, top + sleeve),
    ];
    c.fill_polygon(&shape, move |x, y| scale(weave(x, y), 0.92 + 0.08 * ((x - cx) / span).cos()), 1.0);
    for side in [-1.0, 1.0] {
        c.stroke(
            &[(cx + side * half, top + sleeve), (cx + side * half, top + sleeve * 0.2)],
            1.0,
            scale(base, 0.7),
            0.6,
        );
    }
    let waist = top + (bottom - top) * 0.55;
    let bw = unit * 0.024;
    c.stroke(&[(cx - unit * 0.05, top), (cx + unit * 0.03, waist)], bw, band, 1.0);
    c.stroke(&[(cx + unit * 0.05, top), (cx - unit * 0.03, waist), (cx - unit * 0.035, bottom)], bw, band, 1.0);
    c.stroke(&[(cx - span - unit * 0.02, top), (cx + span + unit * 0.02, top)], rod, [0.62, 0.45, 0.3], 1.0);
    if rng.random_bool(0.6) {
        c.fill(
            (cx - half - 2.0, waist - unit * 0.03, cx + half + 2.0, waist + unit * 0.03),
            |x, y| rounded_box(x, y, cx, waist, half * 1.02, unit * 0.018, 2.0),
            |_, _| band,
            1.0,
        );
        c.stroke(
            &[(cx + unit * 0.02, waist), (cx + unit * 0.04, waist + unit * 0.14)],
            bw * 0.8,
            scale(band, 0.92),
            1.0,
        );
        c.stroke(
            &[(cx + unit * 0.02, waist), (cx - unit * 0.005, waist + unit * 0.12)],
            bw * 0.8,
            scale(band, 0.85),
            1.0,
        );
    }
}

/// A skirt laid flat: waistband, flare, pleats.
pub(super) fn skirt(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let (base, weave) = cloth(rng, unit);
    let (top, bottom) = (cy - unit * 0.4, cy + unit * 0.05);
    let waist = unit * 0.13;
    let hem = unit * rng.random_range(0.24..0.3);
    c.shadow(cx, bottom, hem, unit * 0.04, 0.25);
    let shape = [(cx - waist, top), (cx + waist, top), (cx + hem, bottom), (cx - hem, bottom)];
    c.fill_polygon(&shape, move |x, y| scale(weave(x, y), 1.0 - 0.08 * ((x - cx) / hem).abs()), 1.0);
    for k in [-0.6, -0.2, 0.2, 0.6] {
        c.stroke(&[(cx + waist * k, top + unit * 0.03), (cx + hem * k, bottom - 2.0)], 1.5, scale(base, 0.75), 0.45);
    }
    let bh = unit * 0.022;
    c.fill(
        (cx - waist - 2.0, top - 2.0, cx + waist + 2.0, top + bh * 2.0 + 2.0),
        |x, y| rounded_box(x, y, cx, top + bh, waist * 1.02, bh, 2.0),
        |x, y| scale(weave(x, y), 0.85),
        1.0,
    );
    let br = unit * 0.01;
    let bx = cx + waist * 0.8;
    c.fill(
        (bx - br * 2.0, top, bx + br * 2.0, top + bh * 2.0),
        |x, y| circle(x, y, bx, top + bh, br),
        |_, _| [0.9, 0.88, 0.82],
        1.0,
    );
}

/// Trousers (or shorts) laid flat: two legs, the waistband, the fly, pockets.
pub(super) fn trousers(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot, short: bool) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let (base, weave) = cloth(rng, unit);
    let top = if short { cy - unit * 0.3 } else { cy - unit * 0.46 };
    let bottom = cy + unit * 0.05;
    let waist = unit * 0.13;
    let flare = unit * rng.random_range(0.0..0.03);
    let crotch = top + if short { unit * 0.13 } else { unit * 0.17 };
    let gap = unit * 0.012;
    c.shadow(cx, bottom, waist * 1.4, unit * 0.04, 0.25);
    let shape = [
        (cx - waist, top),
        (cx + waist, top),
        (cx + waist + flare, bottom),
        (cx + gap, bottom),
        (cx, crotch),
        (cx - gap, bottom),
        (cx - waist - flare, bottom),
    ];
    c.fill_polygon(&shape, move |x, y| scale(weave(x, y), 1.0 - 0.06 * ((x - cx) / waist).abs()), 1.0);
    let bh = unit * 0.02;
    c.fill(
        (cx - waist - 2.0, top - 2.0, cx + waist + 2.0, top + bh * 2.0 + 2.0),
        |x, y| rounded_box(x, y, cx, top + bh, waist * 1.01, bh, 1.5),
        |x, y| scale(weave(x, y), 0.85),
        1.0,
    );
    let seam = scale(base, 0.65);
    c.stroke(
        &[(cx + unit * 0.012, top + bh * 2.0), (cx + unit * 0.016, crotch - unit * 0.03), (cx, crotch - unit * 0.01)],
        1.5,
        seam,
        0.8,
    );
    for side in [-1.0, 1.0] {
        c.stroke(
            &[(cx + side * waist * 0.55, top + bh * 2.0), (cx + side * waist * 0.98, top + unit * 0.08)],
            1.5,
            seam,
            0.8,
        );
        let leg = cx + side * (waist + gap) * 0.5;
        c.stroke(&[(leg, crotch), (leg + side * flare * 0.5, bottom - 2.0)], 1.0, seam, 0.35);
        if short {
            let (l, r) = if side < 0.0 { (cx - waist - flare, cx - gap) } else { (cx + gap, cx + waist + flare) };
            c.fill(
                (l, bottom - unit * 0.03, r, bottom),
                |x, y| rounded_box(x, y, (l + r) * 0.5, bottom - unit * 0.014, (r - l) * 0.5, unit * 0.014, 1.0),
                |x, y| scale(weave(x, y), 0.88),
                1.0,
            );
        }
    }
}

/// A crossbody bag: a rounded flap, its clasp, a long strap.
pub(super) fn shoulder_bag(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let body = bag_colour(rng);
    let hw = unit * rng.random_range(0.16..0.21);
    let hh = unit * rng.random_range(0.11..0.15);
    let (by, top) = (cy - hh, cy - hh * 2.0);
    let strap_h = unit * rng.random_range(0.22..0.3);
    c.shadow(cx, cy, hw * 1.1, hh * 0.3, 0.35);
    c.fill(
        (cx - hw - 4.0, top - strap_h - 4.0, cx + hw + 4.0, top + 2.0),
        |x, y| (ellipse(x, y, cx, top, hw * 0.92, strap_h).abs() - unit * 0.008).max(y - top),
        |_, _| scale(body, 0.8),
        1.0,
    );
    c.fill(
        (cx - hw, top, cx + hw, cy),
        |x, y| rounded_box(x, y, cx, by, hw, hh, unit * 0.025),
        lit(body, cx - hw * 0.3, by - hh * 0.5, hw * 1.4),
        1.0,
    );
    let flap = hh * rng.random_range(1.1..1.5);
    c.fill(
        (cx - hw, top, cx + hw, top + flap + 2.0),
        |x, y| ellipse(x, y, cx, top, hw * 0.98, flap).max(top - y),
        lit(scale(body, 1.08), cx - hw * 0.3, top, hw * 1.4),
        1.0,
    );
    c.fill(
        (cx - hw, top, cx + hw, top + flap + 2.0),
        |x, y| (ellipse(x, y, cx, top, hw * 0.9, flap * 0.9).abs() - 0.7).max(top - y),
        |_, _| scale(body, 1.3),
        0.7,
    );
    let (kx, ky, kr) = (cx, top + flap * 0.88, unit * 0.014);
    c.fill(
        (kx - kr * 2.0, ky - kr * 2.0, kx + kr * 2.0, ky + kr * 2.0),
        |x, y| circle(x, y, kx, ky, kr),
        metal([0.86, 0.72, 0.4], kx, ky, kr),
        1.0,
    );
}

/// A tote: an open bag of canvas or leather and its two long handles.
pub(super) fn tote(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    const CANVASES: [Colour; 4] = [[0.92, 0.89, 0.82], [0.83, 0.76, 0.64], [0.16, 0.16, 0.18], [0.2, 0.26, 0.38]];
    let Spot { x: cx, y: cy, unit, .. } = at;
    let (printed, weave) = cloth(rng, unit);
    let plain = if rng.random_bool(0.5) { CANVASES[rng.random_range(0..CANVASES.len())] } else { bag_colour(rng) };
    let use_print = rng.random_bool(0.35);
    let body = if use_print { printed } else { plain };
    let hw = unit * rng.random_range(0.17..0.21);
    let hh = unit * rng.random_range(0.17..0.22);
    let top = cy - hh * 2.0;
    let handle = unit * rng.random_range(0.1..0.15);
    c.shadow(cx, cy, hw * 1.1, hh * 0.2, 0.35);
    for side in [-1.0, 1.0] {
        let hx = cx + side * hw * 0.45;
        c.fill(
            (hx - hw * 0.4, top - handle - 4.0, hx + hw * 0.4, top + 2.0),
            |x, y| (ellipse(x, y, hx, top, hw * 0.3, handle).abs() - unit * 0.01).max(y - top),
            |_, _| scale(body, 0.82),
            1.0,
        );
    }
    let shape = [(cx - hw, top), (cx + hw, top), (cx + hw * 0.94, cy), (cx - hw * 0.94, cy)];
    c.fill_polygon(
        &shape,
        move |x, y| {
            let surface = if use_print { weave(x, y) } else { body };
            scale(surface, 1.02 - 0.1 * ((y - top) / (hh * 2.0)) - 0.06 * ((x - cx) / hw).abs())
        },
        1.0,
    );
    c.stroke(&[(cx - hw * 0.99, top + unit * 0.02), (cx + hw * 0.99, top + unit * 0.02)], 1.0, scale(body, 0.75), 0.7);
    if !use_print && rng.random_bool(0.5) {
        // A printed sun or leaf on a plain tote.
        let ink = random_colour(rng, (0.4, 0.8), (0.3, 0.8));
        let (mx, my, r) = (cx, top + hh, hw * 0.35);
        c.fill((mx - r, my - r, mx + r, my + r), |x, y| circle(x, y, mx, my, r * 0.8), |_, _| ink, 0.85);
    }
}

/// A bucket bag: rounded, open at the top, drawn shut by a cord.
pub(super) fn bucket_bag(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let body = bag_colour(rng);
    let hw = unit * rng.random_range(0.14..0.18);
    let hh = unit * rng.random_range(0.16..0.2);
    let (by, top) = (cy - hh, cy - hh * 2.0);
    let strap_h = unit * rng.random_range(0.2..0.28);
    c.shadow(cx, cy, hw * 1.15, hh * 0.25, 0.35);
    c.fill(
        (cx - hw - 4.0, top - strap_h - 4.0, cx + hw + 4.0, top + 2.0),
        |x, y| (ellipse(x, y, cx, top, hw * 0.95, strap_h).abs() - unit * 0.008).max(y - top),
        |_, _| scale(body, 0.8),
        1.0,
    );
    c.fill(
        (cx - hw, top, cx + hw, cy),
        |x, y| rounded_box(x, y, cx, by, hw, hh, hw * 0.45),
        lit(body, cx - hw * 0.4, by - hh * 0.4, hw * 1.6),
        1.0,
    );
    c.fill(
        (cx - hw, top - hw * 0.3, cx + hw, top + hw * 0.3),
        |x, y| ellipse(x, y, cx, top + 1.0, hw * 0.97, hw * 0.22),
        |_, _| scale(body, 0.35),
        1.0,
    );
    let cord = [0.9, 0.86, 0.78];
    let ring_y = top + hh * 0.22;
    let points: Vec<(f32, f32)> = (0..=16)
        .map(|i| {
            let t = i as f32 / 16.0;
            (cx - hw * 0.97 + hw * 1.94 * t, ring_y + (t * std::f32::consts::PI).sin() * hw * 0.08)
        })
        .collect();
    let cw = (unit * 0.007).max(1.0);
    c.stroke(&points, cw, cord, 1.0);
    let knot = (cx + hw * 0.1, ring_y + hw * 0.08);
    for end in [(knot.0 - unit * 0.02, knot.1 + unit * 0.12), (knot.0 + unit * 0.03, knot.1 + unit * 0.1)] {
        c.stroke(&[knot, end], cw, cord, 1.0);
        let r = unit * 0.011;
        c.fill(
            (end.0 - r * 2.0, end.1 - r * 2.0, end.0 + r * 2.0, end.1 + r * 2.0),
            |x, y| circle(x, y, end.0, end.1, r),
            lit(cord, end.0, end.1, r),
            1.0,
        );
    }
}

/// A wicker basket: a woven body, a rim, leather loops or one wicker handle.
pub(super) fn basket(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let wicker = scale([0.8, 0.64, 0.42], rng.random_range(0.8..1.08));
    let leather = LEATHERS[rng.random_range(0..3)];
    let hw = unit * rng.random_range(0.21..0.26);
    let h = unit * rng.random_range(0.2..0.27);
    let top = cy - h;
    let period = unit * rng.random_range(0.018..0.028);
    c.shadow(cx, cy, hw * 1.05, h * 0.15, 0.35);
    let arched = rng.random_bool(0.5);
    if arched {
        let rise = h * rng.random_range(0.7..1.0);
        c.fill(
            (cx - hw, top - rise - 4.0, cx + hw, top + 2.0),
            |x, y| (ellipse(x, y, cx, top, hw * 0.75, rise).abs() - unit * 0.014).max(y - top),
            |_, _| scale(wicker, 0.85),
            1.0,
        );
    } else {
        for side in [-1.0, 1.0] {
            let hx = cx + side * hw * 0.5;
            c.fill(
                (hx - hw * 0.3, top - h * 0.5, hx + hw * 0.3, top + 2.0),
                |x, y| (ellipse(x, y, hx, top, hw * 0.2, h * 0.4).abs() - unit * 0.01).max(y - top),
                |_, _| leather,
                1.0,
            );
        }
    }
    let shape = [(cx - hw, top), (cx + hw, top), (cx + hw * 0.8, cy), (cx - hw * 0.8, cy)];
    c.fill_polygon(
        &shape,
        move |x, y| {
            let (u, v) = (x / period, y / (period * 0.6));
            let over = ((u.floor() + v.floor()) as i64).rem_euclid(2) == 0;
            scale(wicker, (if over { 1.06 } else { 0.86 }) * (1.0 - 0.12 * ((x - cx) / hw).abs()))
        },
        1.0,
    );
    c.fill(
        (cx - hw - 2.0, top - unit * 0.025, cx + hw + 2.0, top + unit * 0.025),
        |x, y| rounded_box(x, y, cx, top, hw * 1.01, unit * 0.016, unit * 0.01),
        lit(scale(wicker, 0.9), cx, top - unit * 0.02, hw),
        1.0,
    );
}

/// A zipped pouch: its zip along the top and the pull at one end.
pub(super) fn pouch(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let (base, weave) = cloth(rng, unit);
    let leather = rng.random_bool(0.3).then(|| bag_colour(rng));
    let hw = unit * rng.random_range(0.19..0.24);
    let hh = unit * rng.random_range(0.1..0.14);
    let (by, top) = (cy - hh, cy - hh * 2.0);
    c.shadow(cx, cy, hw * 1.1, hh * 0.3, 0.35);
    c.fill(
        (cx - hw, top, cx + hw, cy),
        |x, y| rounded_box(x, y, cx, by, hw, hh, hh * 0.4),
        move |x, y| {
            let surface = leather.unwrap_or_else(|| weave(x, y));
            scale(surface, 1.04 - 0.14 * ((y - top) / (hh * 2.0)))
        },
        1.0,
    );
    let zy = top + hh * 0.14;
    let tooth = unit * 0.006;
    let tape = scale(leather.unwrap_or(base), 0.55);
    c.fill(
        (cx - hw, zy - unit * 0.015, cx + hw, zy + unit * 0.015),
        |x, y| rounded_box(x, y, cx, zy, hw * 0.95, unit * 0.009, 2.0),
        move |x, _| if ((x / tooth) as i64) % 2 == 0 { [0.78, 0.76, 0.72] } else { tape },
        1.0,
    );
    let (px, py) = (cx + hw * 0.8, zy + unit * 0.03);
    c.fill(
        (px - unit * 0.02, zy, px + unit * 0.02, py + unit * 0.03),
        |x, y| rounded_box(x, y, px, py, unit * 0.008, unit * 0.025, unit * 0.005),
        metal([0.8, 0.8, 0.82], px, py, unit * 0.02),
        1.0,
    );
}

/// An evening clutch: an envelope flap and its clasp.
pub(super) fn clutch(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let body = if rng.random_bool(0.3) { [0.85, 0.72, 0.45] } else { random_colour(rng, (0.2, 0.7), (0.25, 0.8)) };
    let hw = unit * rng.random_range(0.2..0.24);
    let hh = unit * rng.random_range(0.09..0.12);
    let (by, top) = (cy - hh, cy - hh * 2.0);
    c.shadow(cx, cy, hw * 1.1, hh * 0.3, 0.35);
    c.fill(
        (cx - hw, top, cx + hw, cy),
        |x, y| rounded_box(x, y, cx, by, hw, hh, unit * 0.012),
        lit(body, cx - hw * 0.4, top, hw * 1.5),
        1.0,
    );
    let flap = [(cx - hw, top), (cx + hw, top), (cx, top + hh * 1.35)];
    c.fill_polygon(&flap, lit(scale(body, 1.1), cx - hw * 0.4, top, hw * 1.5), 1.0);
    c.stroke(&[flap[0], flap[2], flap[1]], 1.2, scale(body, 0.7), 0.8);
    let (kx, ky, kr) = (cx, top + hh * 1.25, unit * 0.016);
    c.fill(
        (kx - kr * 2.0, ky - kr * 2.0, kx + kr * 2.0, ky + kr * 2.0),
        |x, y| circle(x, y, kx, ky, kr),
        metal([0.86, 0.72, 0.4], kx, ky, kr),
        1.0,
    );
}

/// Fringe: short threads from each point, along `dir`.
fn fringe(c: &mut Canvas, from: &[(f32, f32)], dir: (f32, f32), colour: Colour, unit: f32) {
    let w = (unit * 0.004).max(0.8);
    for &(x, y) in from {
        c.stroke(&[(x, y), (x + dir.0, y + dir.1)], w, colour, 0.9);
    }
}

/// A long scarf hung over a wall peg, its two ends fringed.
pub(super) fn scarf(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let (base, weave) = cloth(rng, unit);
    let top = cy - unit * 0.42;
    let w = unit * rng.random_range(0.065..0.085);
    let (left_end, right_end) = (cy + unit * 0.06, cy - unit * rng.random_range(0.0..0.08));
    let back = [(cx - w * 2.0, top + w * 0.3), (cx, top + w * 0.3), (cx - w * 0.2, left_end), (cx - w * 2.3, left_end)];
    c.fill_polygon(&back, move |x, y| scale(weave(x, y), 0.85), 1.0);
    c.fill(
        (cx - w * 2.2, top - w, cx + w * 2.2, top + w * 0.4),
        |x, y| ellipse(x, y, cx, top + w * 0.3, w * 2.0, w * 0.9).max(y - top - w * 0.3),
        move |x, y| scale(weave(x, y), 0.9),
        1.0,
    );
    let front =
        [(cx, top + w * 0.3), (cx + w * 2.0, top + w * 0.3), (cx + w * 2.2, right_end), (cx + w * 0.1, right_end)];
    c.fill_polygon(&front, move |x, y| scale(weave(x, y), 1.0 - 0.08 * ((x - cx - w) / w).abs()), 1.0);
    let thread = scale(base, 0.8);
    let step = unit * 0.008;
    fringe(c, &along(back[3], back[2], step), (0.0, unit * 0.04), thread, unit);
    fringe(c, &along(front[3], front[2], step), (0.0, unit * 0.04), thread, unit);
    let r = unit * 0.02;
    c.fill(
        (cx - r * 2.0, top - r * 2.0, cx + r * 2.0, top + r),
        |x, y| circle(x, y, cx, top - r * 0.3, r),
        lit([0.62, 0.45, 0.3], cx, top - r, r),
        1.0,
    );
}

/// A square scarf laid flat: its print inside a border.
pub(super) fn square_scarf(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let (_, weave) = cloth(rng, unit);
    let border = random_colour(rng, (0.3, 0.8), (0.3, 0.85));
    let (mx, my) = (cx, cy - unit * 0.17);
    let (hx, hy) = (unit * rng.random_range(0.32..0.38), unit * rng.random_range(0.14..0.17));
    let diamond = |k: f32| [(mx, my - hy * k), (mx + hx * k, my), (mx, my + hy * k), (mx - hx * k, my)];
    c.shadow(mx, my + hy * 0.5, hx, hy * 0.6, 0.2);
    c.fill_polygon(&diamond(1.0), |_, _| border, 1.0);
    c.fill_polygon(&diamond(0.8), weave, 1.0);
    let hem = diamond(0.94);
    c.stroke(&[hem[0], hem[1], hem[2], hem[3], hem[0]], 1.0, scale(border, 1.25), 0.6);
}

/// A triangular shawl hung from a rod, fringed along its sides.
pub(super) fn shawl(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let (base, weave) = cloth(rng, unit);
    let top = cy - unit * 0.42;
    let half = unit * rng.random_range(0.29..0.34);
    let apex = (cx, cy + unit * 0.04);
    let shape = [(cx - half, top), (cx + half, top), apex];
    c.fill_polygon(&shape, move |x, y| scale(weave(x, y), 1.0 - 0.12 * ((y - top) / (apex.1 - top))), 1.0);
    let thread = scale(base, 0.8);
    let step = unit * 0.01;
    let length = unit * 0.04;
    fringe(c, &along(shape[0], apex, step), (-length * 0.45, length * 0.9), thread, unit);
    fringe(c, &along(shape[1], apex, step), (length * 0.45, length * 0.9), thread, unit);
    for x in [cx - half - unit * 0.02, cx + half + unit * 0.02] {
        c.nail(x, top, unit);
    }
    c.stroke(
        &[(cx - half - unit * 0.03, top), (cx + half + unit * 0.03, top)],
        (unit * 0.012).max(1.0),
        [0.62, 0.45, 0.3],
        1.0,
    );
}

/// A knitted beanie: a dome, a ribbed turn-up, often a pompom.
pub(super) fn beanie(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let wool = random_colour(rng, (0.2, 0.7), (0.35, 0.9));
    let knit = pattern(4, wool, scale(wool, 0.86), unit * 0.014);
    let hw = unit * rng.random_range(0.15..0.18);
    let cuff = unit * rng.random_range(0.04..0.055);
    let dome = unit * rng.random_range(0.17..0.22);
    let base = cy - cuff * 2.0;
    c.shadow(cx, cy, hw * 1.15, hw * 0.2, 0.35);
    c.fill(
        (cx - hw, base - dome, cx + hw, base + 2.0),
        |x, y| ellipse(x, y, cx, base, hw * 0.97, dome).max(y - base),
        move |x, y| scale(knit(x, y), 1.05 - 0.25 * ((x - cx) / hw).powi(2)),
        1.0,
    );
    let rib = unit * 0.012;
    c.fill(
        (cx - hw, base - 2.0, cx + hw, cy),
        |x, y| rounded_box(x, y, cx, base + cuff, hw, cuff, cuff * 0.3),
        move |x, _| scale(wool, if ((x / rib) as i64) % 2 == 0 { 0.9 } else { 1.04 }),
        1.0,
    );
    if rng.random_bool(0.6) {
        let fluff = if rng.random_bool(0.5) { wool } else { [0.9, 0.88, 0.84] };
        let r = unit * rng.random_range(0.055..0.08);
        let (px, py) = (cx, base - dome - r * 0.6);
        c.fill(
            (px - r * 1.2, py - r * 1.2, px + r * 1.2, py + r * 1.2),
            |x, y| circle(x, y, px, py, r) + speckle(x, y) * r * 0.12,
            move |x, y| scale(lit(fluff, px - r * 0.3, py - r * 0.3, r)(x, y), 0.85 + 0.3 * speckle(y, x)),
            1.0,
        );
    }
}

/// A beret: a flat felt disc, its little stalk.
pub(super) fn beret(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let felt = if rng.random_bool(0.5) {
        [[0.12, 0.12, 0.14], [0.55, 0.1, 0.12], [0.2, 0.25, 0.4]][rng.random_range(0..3)]
    } else {
        random_colour(rng, (0.2, 0.6), (0.3, 0.8))
    };
    let (rx, ry) = (unit * rng.random_range(0.22..0.27), unit * rng.random_range(0.075..0.095));
    let by = cy - ry * 1.3;
    c.shadow(cx, cy - ry * 0.2, rx * 1.05, ry * 0.5, 0.35);
    c.fill(
        (cx - rx, by - ry * 2.0, cx + rx, by + ry),
        |x, y| ellipse(x, y, cx, by, rx, ry).min(ellipse(x, y, cx - rx * 0.05, by - ry * 0.5, rx * 0.85, ry * 0.9)),
        lit(felt, cx - rx * 0.4, by - ry, rx * 1.2),
        1.0,
    );
    c.fill(
        (cx - rx, by, cx + rx, by + ry),
        |x, y| (ellipse(x, y, cx, by + ry * 0.2, rx * 0.7, ry * 0.55).abs() - 1.2).max(by + ry * 0.2 - y),
        |_, _| scale(felt, 0.7),
        0.8,
    );
    let stalk = (cx - rx * 0.05, by - ry * 1.35);
    c.stroke(&[stalk, (stalk.0 + unit * 0.012, stalk.1 - unit * 0.022)], (unit * 0.01).max(1.0), scale(felt, 0.9), 1.0);
}

/// A headband lying on the table, knotted at the front.
pub(super) fn headband(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let (_, weave) = cloth(rng, unit);
    let (rx, ry) = (unit * rng.random_range(0.19..0.23), unit * rng.random_range(0.07..0.09));
    let w = unit * rng.random_range(0.03..0.045);
    let by = cy - ry - w;
    c.shadow(cx, cy - w * 0.5, rx * 1.05, ry * 0.6, 0.3);
    let bbox = (cx - rx - w, by - ry - w, cx + rx + w, by + ry + w);
    c.fill(bbox, |x, y| ellipse(x, y, cx, by, rx, ry).abs() - w * 0.5, move |x, y| scale(weave(x, y), 0.8), 1.0);
    c.fill(
        bbox,
        |x, y| (ellipse(x, y, cx, by, rx, ry).abs() - w * 0.5).max(by - y),
        move |x, y| scale(weave(x, y), 1.0 + 0.05 * ((y - by) / ry)),
        1.0,
    );
    let (kx, ky) = (cx, by + ry);
    c.fill(
        (kx - w * 1.5, ky - w * 1.2, kx + w * 1.5, ky + w * 1.2),
        |x, y| ellipse(x, y, kx, ky, w * 1.2, w * 0.85),
        move |x, y| scale(weave(x, y), 0.95),
        1.0,
    );
    c.fill(
        (kx - w, ky - w * 1.2, kx + w, ky + w * 1.2),
        |x, y| rounded_box(x, y, kx, ky, w * 0.35, w * 0.85, w * 0.2),
        move |x, y| scale(weave(x, y), 0.75),
        1.0,
    );
}

/// A brimmed hat: straw or felt, its ribbon.
pub(super) fn hat(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let straw = rng.random_bool(0.5);
    let body = if straw {
        scale([0.88, 0.77, 0.55], rng.random_range(0.9..1.05))
    } else {
        random_colour(rng, (0.1, 0.5), (0.2, 0.75))
    };
    let ribbon = random_colour(rng, (0.2, 0.7), (0.15, 0.7));
    let period = unit * 0.012;
    let surface = move |x: f32, y: f32| {
        if straw {
            let (u, v) = (x / period, y / period);
            scale(body, if ((u.floor() + v.floor()) as i64) % 2 == 0 { 1.04 } else { 0.92 })
        } else {
            body
        }
    };
    let brim_rx = unit * rng.random_range(0.26..0.36);
    let brim_ry = unit * rng.random_range(0.06..0.085);
    let by = cy - brim_ry * 1.2;
    let (crown_w, crown_h) = (unit * rng.random_range(0.12..0.14), unit * rng.random_range(0.08..0.12));
    c.shadow(cx, cy - brim_ry * 0.3, brim_rx * 1.05, brim_ry * 0.7, 0.3);
    c.fill(
        (cx - brim_rx, by - brim_ry, cx + brim_rx, by + brim_ry),
        |x, y| ellipse(x, y, cx, by, brim_rx, brim_ry),
        move |x, y| scale(surface(x, y), 0.95 + 0.1 * ((y - by) / brim_ry)),
        1.0,
    );
    let top = by - crown_h * 2.0;
    c.fill(
        (cx - crown_w, top, cx + crown_w, by),
        |x, y| rounded_box(x, y, cx, by - crown_h, crown_w, crown_h, crown_w * 0.35).max(y - by),
        move |x, y| lit(surface(x, y), cx - crown_w * 0.4, top, crown_w * 2.0)(x, y),
        1.0,
    );
    let rh = unit * 0.018;
    c.fill(
        (cx - crown_w - 1.0, by - rh * 3.0, cx + crown_w + 1.0, by),
        |x, y| rounded_box(x, y, cx, by - rh * 1.3, crown_w * 1.01, rh, 1.0),
        |_, _| ribbon,
        1.0,
    );
}

/// A leather belt laid in a gentle wave: buckle, keeper, holes, stitching.
pub(super) fn belt(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let leather = LEATHERS[rng.random_range(0..4)];
    let buckle = METALS[rng.random_range(0..2)];
    let western = rng.random_bool(0.3);
    let (x0, x1) = (cx - unit * 0.36, cx + unit * 0.36);
    let w = unit * rng.random_range(0.032..0.045);
    let y0 = cy - unit * 0.1;
    let wave = unit * rng.random_range(0.015..0.035);
    let phase = rng.random_range(0.0..std::f32::consts::TAU);
    let centre = move |x: f32| y0 + ((x - x0) / (x1 - x0) * 4.0 + phase).sin() * wave;
    let half = move |x: f32| w * ((x1 - x) / (w * 2.5) + 0.25).min(1.0);
    c.shadow(cx, y0 + w * 1.5, (x1 - x0) * 0.5, w * 1.2, 0.25);
    c.fill(
        (x0, y0 - wave - w - 2.0, x1, y0 + wave + w + 2.0),
        |x, y| ((y - centre(x)).abs() - half(x)).max(x0 - x).max(x - x1),
        lit(leather, x0, y0 - w, unit * 0.4),
        1.0,
    );
    let stitch = unit * 0.01;
    c.fill(
        (x0, y0 - wave - w, x1, y0 + wave + w),
        |x, y| {
            let edge = ((y - centre(x)).abs() - half(x) * 0.72).abs() - 0.6;
            if ((x / stitch) as i64) % 2 == 0 { edge.max(x0 + w * 2.0 - x).max(x - x1 + w) } else { 1.0 }
        },
        |_, _| scale(leather, 1.5),
        0.8,
    );
    for k in 0..5 {
        let hx = x1 - w * 3.0 - k as f32 * w * 1.4;
        let hy = centre(hx);
        let r = w * 0.16;
        c.fill(
            (hx - r * 2.0, hy - r * 2.0, hx + r * 2.0, hy + r * 2.0),
            |x, y| circle(x, y, hx, hy, r),
            |_, _| scale(leather, 0.3),
            1.0,
        );
    }
    let by = centre(x0);
    let keeper = x0 + w * 2.4;
    c.fill(
        (keeper - w * 0.4, by - w * 1.3, keeper + w * 0.4, by + w * 1.3),
        |x, y| rounded_box(x, y, keeper, centre(keeper), w * 0.22, w * 1.08, 1.0),
        |_, _| scale(leather, 0.8),
        1.0,
    );
    if western {
        c.fill(
            (x0 - w * 1.8, by - w * 2.0, x0 + w * 1.8, by + w * 2.0),
            |x, y| ellipse(x, y, x0 + w * 0.3, by, w * 1.5, w * 1.75),
            metal(buckle, x0, by, w * 1.6),
            1.0,
        );
        c.fill(
            (x0 - w * 1.8, by - w * 2.0, x0 + w * 1.8, by + w * 2.0),
            |x, y| ellipse(x, y, x0 + w * 0.3, by, w * 1.1, w * 1.3).abs() - 0.8,
            |_, _| scale(buckle, 0.6),
            0.8,
        );
    } else {
        c.fill(
            (x0 - w, by - w * 1.5, x0 + w * 1.4, by + w * 1.5),
            |x, y| rounded_box(x, y, x0 + w * 0.2, by, w * 0.7, w * 1.3, w * 0.3).abs() - unit * 0.004,
            metal(buckle, x0, by, w),
            1.0,
        );
        c.stroke(&[(x0 - w * 0.5, by), (x0 + w * 1.0, by)], (unit * 0.005).max(1.0), scale(buckle, 0.9), 1.0);
    }
}

/// A wide fabric sash tied at the front, its ends hanging.
pub(super) fn sash(c: &mut Canvas, rng: &mut ChaCha8Rng, at: Spot) {
    let Spot { x: cx, y: cy, unit, .. } = at;
    let (_, weave) = cloth(rng, unit);
    let y0 = cy - unit * 0.14;
    let w = unit * rng.random_range(0.045..0.06);
    let span = unit * 0.38;
    c.shadow(cx, y0 + w * 1.6, span, w, 0.25);
    c.fill(
        (cx - span, y0 - w * 1.6, cx + span, y0 + w * 1.6),
        |x, y| ((y - y0 - ((x - cx) / span * 2.5).sin() * unit * 0.012).abs() - w).max((x - cx).abs() - span),
        move |x, y| scale(weave(x, y), 1.0 - 0.12 * ((y - y0) / w).abs()),
        1.0,
    );
    for (dx, end) in [(-0.08, 0.015), (0.04, 0.045)] {
        let tie = [
            (cx - w * 0.5, y0),
            (cx + w * 0.5, y0),
            (cx + unit * dx + w * 0.55, cy + unit * end),
            (cx + unit * dx - w * 0.55, cy + unit * end),
        ];
        c.fill_polygon(&tie, move |x, y| scale(weave(x, y), 0.9), 1.0);
    }
    c.fill(
        (cx - w, y0 - w * 1.3, cx + w, y0 + w * 1.3),
        |x, y| rounded_box(x, y, cx, y0, w * 0.7, w * 1.1, w * 0.3),
        move |x, y| scale(weave(x, y), 0.78),
        1.0,
    );
}
