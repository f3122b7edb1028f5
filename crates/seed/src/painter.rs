//! Procedural product photos for the demo catalogue.
//!
//! No photo can be downloaded here, and a marketplace without pictures is not
//! a marketplace. Each picture is a small studio scene: a wall and a table
//! (wood, linen or marble), a soft shadow and a subject drawn from signed
//! distance functions with anti-aliased edges, one motif per kind of product
//! (a ring for rings and bracelets, a pendant on its chain, a dress, folded
//! textiles with woven patterns, framed paintings…). Everything derives from the seed, so the same seed paints
//! the same pixels, and different seeds paint different products; a product can
//! be photographed in several shots (closer, further, on another surface).

use image::{Rgb, RgbImage};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// What a photo shows: one motif per kind of product, so that a ring listing
/// shows a ring and a dress listing a dress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Motif {
    Ring,
    Pendant,
    Earrings,
    Dress,
    FoldedTextile,
    Handbag,
    Candle,
    Ceramics,
    Painting,
    Notebooks,
    Flowers,
    Blocks,
    Plush,
    Soap,
    Bottle,
    Yarn,
    Fabrics,
}

impl Motif {
    pub(crate) const ALL: [Self; 17] = [
        Self::Ring,
        Self::Pendant,
        Self::Earrings,
        Self::Dress,
        Self::FoldedTextile,
        Self::Handbag,
        Self::Candle,
        Self::Ceramics,
        Self::Painting,
        Self::Notebooks,
        Self::Flowers,
        Self::Blocks,
        Self::Plush,
        Self::Soap,
        Self::Bottle,
        Self::Yarn,
        Self::Fabrics,
    ];

    /// The motif that pictures a sub-category's products; a neutral ceramic for
    /// sub-categories this painter does not know.
    pub(crate) fn for_sub_category(slug: &str) -> Self {
        match slug {
            "bagues" | "bracelets" => Self::Ring,
            "colliers" | "broches" | "perles-et-appretes" => Self::Pendant,
            "boucles-d-oreilles" => Self::Earrings,
            "robes" => Self::Dress,
            "pulls-et-gilets"
            | "hauts-et-chemisiers"
            | "vestes-et-manteaux"
            | "jupes-et-pantalons"
            | "foulards-et-echarpes"
            | "chapeaux-et-bonnets"
            | "coussins-et-plaids"
            | "vetements-bebe" => Self::FoldedTextile,
            "sacs-a-main" | "pochettes-et-trousses" | "ceintures" => Self::Handbag,
            "bougies" => Self::Candle,
            "peintures" | "illustrations" | "photographies" | "sculptures" | "dessins" | "affiches"
            | "decoration-murale" => Self::Painting,
            "carnets" | "cartes" | "faire-part" | "calendriers" | "patrons" => Self::Notebooks,
            "decoration-de-mariage" | "accessoires-de-mariee" | "cadeaux-d-invites" | "decoration-de-fete" => {
                Self::Flowers
            }
            "jouets" => Self::Blocks,
            "doudous-et-peluches" | "chambre-d-enfant" => Self::Plush,
            "savons" | "accessoires-de-bain" => Self::Soap,
            "soins" | "parfums" => Self::Bottle,
            "kits-creatifs" | "laines-et-fils" => Self::Yarn,
            "tissus" => Self::Fabrics,
            _ => Self::Ceramics,
        }
    }
}

type Colour = [f32; 3];

/// How each shot of a product is framed: the first as a whole, then closer,
/// further, and close again on another surface.
const SHOT_ZOOM: [f32; 4] = [1.0, 1.35, 0.85, 1.2];

/// Paints shot `shot` of product `product`. The product (its shape, colours,
/// pattern) comes from `product` alone, so every shot shows the same object;
/// the shot changes the framing and the surface it stands on.
pub(crate) fn paint(motif: Motif, product: u64, shot: u32, width: u32, height: u32) -> RgbImage {
    let shot_seed = product ^ u64::from(shot + 1).wrapping_mul(0xD6E8_FEB8_6659_FD93);
    let mut scene_rng = ChaCha8Rng::seed_from_u64(shot_seed);
    let mut canvas = Canvas::new(width.max(1), height.max(1), shot_seed);
    let scene = Scene::new(&mut scene_rng, &canvas);
    canvas.background(&scene, &mut scene_rng);
    let zoom = SHOT_ZOOM[shot as usize % SHOT_ZOOM.len()];
    let unit = canvas.w.min(canvas.h) * zoom;
    let cx = canvas.w * scene_rng.random_range(0.45..0.55);
    // Subjects rise about half a unit above their base: closer shots set them
    // lower so that tall ones (a plush's ears, a vase's neck) stay in frame.
    let cy = (scene.horizon + (canvas.h - scene.horizon) * 0.35).max(canvas.h * 0.6 * zoom).min(canvas.h * 0.88);
    let rng = &mut ChaCha8Rng::seed_from_u64(product ^ (motif as u64).wrapping_mul(0xA24B_AED4_963E_E407));
    let canvas_ref = &mut canvas;
    match motif {
        Motif::Ring => ring(canvas_ref, rng, cx, cy, unit),
        Motif::Pendant => pendant(canvas_ref, rng, cx, cy, unit),
        Motif::Earrings => earrings(canvas_ref, rng, cx, cy, unit),
        Motif::Dress => dress(canvas_ref, rng, cx, cy, unit),
        Motif::FoldedTextile => folded_textile(canvas_ref, rng, cx, cy, unit),
        Motif::Handbag => bag(canvas_ref, rng, cx, cy, unit),
        Motif::Candle => candle(canvas_ref, rng, cx, cy, unit),
        Motif::Ceramics => ceramics(canvas_ref, rng, cx, cy, unit),
        Motif::Painting => painting(canvas_ref, rng, &scene, cx, unit),
        Motif::Notebooks => stationery(canvas_ref, rng, cx, cy, unit),
        Motif::Flowers => wedding(canvas_ref, rng, cx, cy, unit),
        Motif::Blocks => blocks(canvas_ref, rng, cx, cy, unit),
        Motif::Plush => plush(canvas_ref, rng, cx, cy, unit),
        Motif::Soap => soap(canvas_ref, rng, cx, cy, unit),
        Motif::Bottle => bottle(canvas_ref, rng, cx, cy, unit),
        Motif::Yarn => yarn(canvas_ref, rng, cx, cy, unit),
        Motif::Fabrics => fabrics(canvas_ref, rng, cx, cy, unit),
    }
    canvas.finish()
}

/// A floating-point RGB canvas; converted to 8 bits once at the end.
struct Canvas {
    w: f32,
    h: f32,
    width: usize,
    height: usize,
    pixels: Vec<Colour>,
    seed: u64,
}

struct Scene {
    horizon: f32,
    wall: Colour,
    table: Colour,
    surface: Surface,
}

#[derive(Clone, Copy)]
enum Surface {
    Wood,
    Linen,
    Marble,
    Paper,
}

impl Scene {
    fn new(rng: &mut impl Rng, canvas: &Canvas) -> Self {
        const WALLS: [Colour; 6] = [
            [0.95, 0.93, 0.89],
            [0.91, 0.89, 0.86],
            [0.93, 0.88, 0.84],
            [0.86, 0.89, 0.88],
            [0.90, 0.91, 0.93],
            [0.96, 0.92, 0.86],
        ];
        const TABLES: [Colour; 5] =
            [[0.72, 0.56, 0.40], [0.83, 0.78, 0.70], [0.92, 0.91, 0.89], [0.60, 0.47, 0.36], [0.88, 0.84, 0.78]];
        let surface = [Surface::Wood, Surface::Linen, Surface::Marble, Surface::Paper][rng.random_range(0..4)];
        Self {
            horizon: canvas.h * rng.random_range(0.42..0.6),
            wall: WALLS[rng.random_range(0..WALLS.len())],
            table: TABLES[rng.random_range(0..TABLES.len())],
            surface,
        }
    }
}

impl Canvas {
    fn new(width: u32, height: u32, seed: u64) -> Self {
        let (width, height) = (width as usize, height as usize);
        Self { w: width as f32, h: height as f32, width, height, pixels: vec![[0.0; 3]; width * height], seed }
    }

    /// A cheap, deterministic per-pixel hash in [0, 1): film grain and textures.
    fn grain(&self, x: usize, y: usize) -> f32 {
        let mut h =
            (x as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (y as u64).wrapping_mul(0xC2B2_AE3D_27D4_EB4F) ^ self.seed;
        h ^= h >> 31;
        h = h.wrapping_mul(0xBF58_476D_1CE4_E5B9);
        h ^= h >> 29;
        (h & 0xFFFF) as f32 / 65_536.0
    }

    fn background(&mut self, scene: &Scene, rng: &mut impl Rng) {
        let light_x = self.w * rng.random_range(0.2..0.8);
        let grain_scale = rng.random_range(0.02..0.04);
        let plank = self.h * rng.random_range(0.05..0.09);
        let veins = rng.random_range(3.0..7.0_f32);
        // Textures are sines of (column term + row term). Per column the sine and
        // cosine are computed once; per pixel sin(a + b) = sin a cos b + cos a sin b
        // costs two multiplications instead of a call to sin.
        let columns = |f: &dyn Fn(f32) -> f32| -> Vec<(f32, f32)> {
            (0..self.width).map(|x| f(x as f32)).map(|a| (a.sin(), a.cos())).collect()
        };
        let (wood_grain, wood_ripple, marble) = match scene.surface {
            Surface::Wood => (columns(&|fx| fx * 0.013), columns(&|fx| fx * 0.05), Vec::new()),
            Surface::Marble => (Vec::new(), Vec::new(), columns(&|fx| fx * 0.004 * veins + (fx * 0.002).cos() * 3.0)),
            Surface::Linen | Surface::Paper => (Vec::new(), Vec::new(), Vec::new()),
        };
        for y in 0..self.height {
            let fy = y as f32;
            let dy = fy / self.h - 0.5;
            let on_table = fy >= scene.horizon;
            let depth = (fy - scene.horizon) / (self.h - scene.horizon);
            let base = scale(scene.table, 0.9 + 0.12 * depth);
            let board = ((fy - scene.horizon) / plank).floor();
            let seam = ((fy - scene.horizon) % plank) < 1.5;
            let (board_sin, board_cos) = (board * 7.1).sin_cos();
            let (ripple_sin, ripple_cos) = (fy * 0.3).sin_cos();
            let (vein_sin, vein_cos) = ((fy * 0.01).sin() * 2.0).sin_cos();
            let wall_row = 1.0 - 0.08 * (fy / scene.horizon);
            for x in 0..self.width {
                let fx = x as f32;
                let c = if !on_table {
                    // The wall darkens away from the light.
                    scale(scene.wall, wall_row - 0.12 * ((fx - light_x).abs() / self.w))
                } else {
                    match scene.surface {
                        Surface::Wood if seam => scale(base, 0.8),
                        Surface::Wood => {
                            let (g_sin, g_cos) = wood_grain[x];
                            let (r_sin, r_cos) = wood_ripple[x];
                            let grain = g_sin * board_cos + g_cos * board_sin;
                            let ripple = r_sin * ripple_cos + r_cos * ripple_sin;
                            scale(base, 1.0 + (grain * 0.5 + ripple * 0.2) * 0.05)
                        }
                        Surface::Linen => scale(base, if (x / 2 + y / 2) % 2 == 0 { 1.02 } else { 0.98 }),
                        Surface::Marble => {
                            let (m_sin, m_cos) = marble[x];
                            let v = (m_sin * vein_cos + m_cos * vein_sin).abs();
                            scale(base, if v < 0.04 { 0.85 } else { 1.0 })
                        }
                        Surface::Paper => base,
                    }
                };
                // Vignette and grain make it a photograph rather than a flat render.
                let dx = fx / self.w - 0.5;
                let vignette = 1.0 - 0.35 * (dx * dx + dy * dy);
                let noise = 1.0 + (self.grain(x, y) - 0.5) * grain_scale;
                self.pixels[y * self.width + x] = scale(c, vignette * noise);
            }
        }
    }

    /// Blends `shade(x, y)` where `sdf(x, y) < 0`, with one pixel of
    /// anti-aliased edge, inside the bounding box.
    fn fill(
        &mut self,
        bbox: (f32, f32, f32, f32),
        sdf: impl Fn(f32, f32) -> f32,
        shade: impl Fn(f32, f32) -> Colour,
        opacity: f32,
    ) {
        let x0 = (bbox.0.floor().max(0.0)) as usize;
        let y0 = (bbox.1.floor().max(0.0)) as usize;
        let x1 = (bbox.2.ceil().min(self.w)) as usize;
        let y1 = (bbox.3.ceil().min(self.h)) as usize;
        for y in y0..y1 {
            let fy = y as f32 + 0.5;
            for x in x0..x1 {
                let fx = x as f32 + 0.5;
                let d = sdf(fx, fy);
                if d >= 0.5 {
                    continue;
                }
                let alpha = (0.5 - d).clamp(0.0, 1.0) * opacity;
                let colour = shade(fx, fy);
                let pixel = &mut self.pixels[y * self.width + x];
                for channel in 0..3 {
                    pixel[channel] += (colour[channel] - pixel[channel]) * alpha;
                }
            }
        }
    }

    /// A soft elliptical shadow on the table.
    fn shadow(&mut self, cx: f32, cy: f32, rx: f32, ry: f32, strength: f32) {
        let (x0, y0, x1, y1) = (cx - rx * 1.6, cy - ry * 1.6, cx + rx * 1.6, cy + ry * 1.6);
        for y in (y0.max(0.0) as usize)..(y1.min(self.h) as usize) {
            for x in (x0.max(0.0) as usize)..(x1.min(self.w) as usize) {
                let dx = (x as f32 - cx) / rx;
                let dy = (y as f32 - cy) / ry;
                let r = (dx * dx + dy * dy).sqrt();
                if r < 1.6 {
                    let darken = strength * (1.0 - (r / 1.6)).powi(2);
                    let pixel = &mut self.pixels[y * self.width + x];
                    *pixel = scale(*pixel, 1.0 - darken);
                }
            }
        }
    }

    fn finish(self) -> RgbImage {
        let mut image = RgbImage::new(self.width as u32, self.height as u32);
        for (pixel, colour) in image.pixels_mut().zip(self.pixels) {
            *pixel = Rgb(colour.map(|c| (c.clamp(0.0, 1.0) * 255.0 + 0.5) as u8));
        }
        image
    }
}

fn scale(c: Colour, k: f32) -> Colour {
    [c[0] * k, c[1] * k, c[2] * k]
}

fn mix(a: Colour, b: Colour, t: f32) -> Colour {
    [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t]
}

fn hsv(h: f32, s: f32, v: f32) -> Colour {
    let h = h.rem_euclid(1.0) * 6.0;
    let i = h.floor();
    let f = h - i;
    let (p, q, t) = (v * (1.0 - s), v * (1.0 - s * f), v * (1.0 - s * (1.0 - f)));
    match i as u32 {
        0 => [v, t, p],
        1 => [q, v, p],
        2 => [p, v, t],
        3 => [p, q, v],
        4 => [t, p, v],
        _ => [v, p, q],
    }
}

fn random_colour(rng: &mut impl Rng, saturation: (f32, f32), value: (f32, f32)) -> Colour {
    hsv(rng.random_range(0.0..1.0), rng.random_range(saturation.0..saturation.1), rng.random_range(value.0..value.1))
}

// Signed distance functions, in pixels.

fn circle(x: f32, y: f32, cx: f32, cy: f32, r: f32) -> f32 {
    ((x - cx).powi(2) + (y - cy).powi(2)).sqrt() - r
}

/// An ellipse (approximate distance, exact enough for a one-pixel edge).
fn ellipse(x: f32, y: f32, cx: f32, cy: f32, rx: f32, ry: f32) -> f32 {
    let k = (((x - cx) / rx).powi(2) + ((y - cy) / ry).powi(2)).sqrt();
    (k - 1.0) * rx.min(ry)
}

fn rounded_box(x: f32, y: f32, cx: f32, cy: f32, hw: f32, hh: f32, r: f32) -> f32 {
    let qx = (x - cx).abs() - hw + r;
    let qy = (y - cy).abs() - hh + r;
    (qx.max(0.0).powi(2) + qy.max(0.0).powi(2)).sqrt() + qx.max(qy).min(0.0) - r
}

fn segment(x: f32, y: f32, (ax, ay): (f32, f32), (bx, by): (f32, f32), r: f32) -> f32 {
    let (px, py, dx, dy) = (x - ax, y - ay, bx - ax, by - ay);
    let t = ((px * dx + py * dy) / (dx * dx + dy * dy).max(1e-6)).clamp(0.0, 1.0);
    ((px - dx * t).powi(2) + (py - dy * t).powi(2)).sqrt() - r
}

/// Shading that reads as a rounded, lit object: lighter towards the top-left.
fn lit(base: Colour, cx: f32, cy: f32, radius: f32) -> impl Fn(f32, f32) -> Colour {
    move |x, y| {
        let dx = (x - cx) / radius;
        let dy = (y - cy) / radius;
        let light = 1.05 - 0.25 * (dx * 0.6 + dy * 0.8) - 0.15 * (dx * dx + dy * dy).min(1.0);
        scale(base, light)
    }
}

/// Metal: strong highlights and dark reflections.
fn metal(base: Colour, cx: f32, cy: f32, radius: f32) -> impl Fn(f32, f32) -> Colour {
    move |x, y| {
        let angle = (y - cy).atan2(x - cx);
        let band = (angle * 2.0 + 0.6).sin() * 0.5 + 0.5;
        let r = ((x - cx).powi(2) + (y - cy).powi(2)).sqrt() / radius;
        let k = 0.55 + 0.7 * band.powi(3) + 0.1 * r;
        mix(scale(base, k), [1.0, 1.0, 1.0], (band.powi(12) * 0.8).min(0.8))
    }
}

/// A woven or printed pattern in a garment's own coordinates.
fn pattern(kind: u32, base: Colour, accent: Colour, period: f32) -> impl Fn(f32, f32) -> Colour {
    move |x, y| {
        let u = x / period;
        let v = y / period;
        let on = match kind {
            0 => (u.floor() as i64) % 2 == 0,                                  // stripes
            1 => ((u.floor() + v.floor()) as i64) % 2 == 0,                    // gingham-ish checks
            2 => (u.fract() - 0.5).powi(2) + (v.fract() - 0.5).powi(2) < 0.06, // polka dots
            3 => ((u + v * 0.5).sin() * (v * 1.3).cos()) > 0.6,                // floral-ish blobs
            _ => ((u * 6.0).sin() * (v * 3.0).sin()) > 0.2,                    // knit texture
        };
        if on { accent } else { base }
    }
}

fn ring(canvas: &mut Canvas, rng: &mut impl Rng, cx: f32, cy: f32, unit: f32) {
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

fn pendant(canvas: &mut Canvas, rng: &mut impl Rng, cx: f32, cy: f32, unit: f32) {
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

fn earrings(canvas: &mut Canvas, rng: &mut impl Rng, cx: f32, cy: f32, unit: f32) {
    const METALS: [Colour; 3] = [[0.86, 0.70, 0.36], [0.78, 0.79, 0.82], [0.88, 0.62, 0.55]];
    let metal_colour = METALS[rng.random_range(0..3)];
    let gem = random_colour(rng, (0.5, 0.9), (0.5, 0.95));
    // A pair of drop earrings.
    let gap = unit * rng.random_range(0.15..0.21);
    let size = unit * rng.random_range(0.09..0.13);
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

fn folded_textile(canvas: &mut Canvas, rng: &mut impl Rng, cx: f32, cy: f32, unit: f32) {
    let base = random_colour(rng, (0.15, 0.6), (0.45, 0.9));
    let accent = mix(base, random_colour(rng, (0.2, 0.7), (0.3, 0.95)), 0.7);
    let kind = rng.random_range(0..5);
    let period = unit * rng.random_range(0.02..0.05);
    // A folded garment, seen from above, with its collar.
    let hw = unit * rng.random_range(0.26..0.34);
    let hh = unit * rng.random_range(0.18..0.24);
    let cy = cy - hh * 0.2;
    canvas.shadow(cx + hw * 0.05, cy + hh * 0.9, hw * 1.05, hh * 0.4, 0.3);
    let weave = pattern(kind, base, accent, period);
    canvas.fill(
        (cx - hw, cy - hh, cx + hw, cy + hh),
        |x, y| rounded_box(x, y, cx, cy, hw, hh, unit * 0.02),
        |x, y| scale(weave(x, y), 1.0 - 0.12 * ((y - cy) / hh).abs()),
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
    canvas.fill(
        (cx - collar * 1.6, cy - hh - collar * 0.2, cx + collar * 1.6, cy - hh + collar * 1.2),
        |x, y| ellipse(x, y, cx, cy - hh + collar * 0.3, collar * 1.5, collar * 0.7).abs() - collar * 0.12,
        |_, _| scale(accent, 0.9),
        1.0,
    );
}

fn dress(canvas: &mut Canvas, rng: &mut impl Rng, cx: f32, cy: f32, unit: f32) {
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

fn bag(canvas: &mut Canvas, rng: &mut impl Rng, cx: f32, cy: f32, unit: f32) {
    const LEATHERS: [Colour; 5] =
        [[0.55, 0.33, 0.18], [0.25, 0.18, 0.14], [0.76, 0.62, 0.45], [0.45, 0.12, 0.12], [0.85, 0.8, 0.7]];
    let body = if rng.random_bool(0.6) {
        LEATHERS[rng.random_range(0..LEATHERS.len())]
    } else {
        random_colour(rng, (0.2, 0.6), (0.4, 0.85))
    };
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

fn ceramics(canvas: &mut Canvas, rng: &mut impl Rng, cx: f32, cy: f32, unit: f32) {
    if rng.random_bool(0.5) {
        vase(canvas, rng, cx, cy, unit);
    } else {
        bowls(canvas, rng, cx, cy, unit);
    }
}

fn vase(canvas: &mut Canvas, rng: &mut impl Rng, cx: f32, cy: f32, unit: f32) {
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

fn candle(canvas: &mut Canvas, rng: &mut impl Rng, cx: f32, cy: f32, unit: f32) {
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

fn bowls(canvas: &mut Canvas, rng: &mut impl Rng, cx: f32, cy: f32, unit: f32) {
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

fn painting(canvas: &mut Canvas, rng: &mut impl Rng, scene: &Scene, cx: f32, unit: f32) {
    // A framed painting on the wall, its own small composition inside.
    let hw = unit * rng.random_range(0.22..0.32);
    let hh = hw * rng.random_range(0.7..1.3);
    let cy = (scene.horizon * 0.5).max(hh + unit * 0.04);
    let frame = unit * rng.random_range(0.015..0.03);
    let frame_colour =
        [[0.15, 0.13, 0.12], [0.75, 0.6, 0.4], [0.95, 0.95, 0.93], [0.55, 0.4, 0.28]][rng.random_range(0..4)];
    canvas.fill(
        (cx - hw - frame * 2.0, cy - hh - frame * 2.0, cx + hw + frame * 3.0, cy + hh + frame * 3.0),
        |x, y| rounded_box(x, y, cx + frame, cy + frame, hw + frame, hh + frame, 2.0),
        |_, _| [0.0, 0.0, 0.0],
        0.18,
    );
    canvas.fill(
        (cx - hw - frame, cy - hh - frame, cx + hw + frame, cy + hh + frame),
        |x, y| rounded_box(x, y, cx, cy, hw + frame, hh + frame, 1.0),
        lit(frame_colour, cx - hw, cy - hh, hw * 2.0),
        1.0,
    );
    let ground = random_colour(rng, (0.05, 0.3), (0.8, 0.97));
    canvas.fill(
        (cx - hw, cy - hh, cx + hw, cy + hh),
        |x, y| rounded_box(x, y, cx, cy, hw, hh, 0.5),
        |_, _| ground,
        1.0,
    );
    let hue = rng.random_range(0.0..1.0_f32);
    for _ in 0..rng.random_range(4..9) {
        let colour = hsv(hue + rng.random_range(-0.15..0.15), rng.random_range(0.3..0.8), rng.random_range(0.35..0.95));
        let (sx, sy) = (cx + rng.random_range(-0.8..0.8) * hw, cy + rng.random_range(-0.8..0.8) * hh);
        let size = unit * rng.random_range(0.03..0.14);
        let clip = move |x: f32, y: f32| rounded_box(x, y, cx, cy, hw, hh, 0.5);
        if rng.random_bool(0.5) {
            let (bw, bh) = (size * rng.random_range(0.5..2.0), size * rng.random_range(0.3..1.5));
            canvas.fill(
                (sx - bw, sy - bh, sx + bw, sy + bh),
                move |x, y| rounded_box(x, y, sx, sy, bw, bh, size * 0.2).max(clip(x, y)),
                |_, _| colour,
                rng.random_range(0.6..0.95),
            );
        } else {
            canvas.fill(
                (sx - size, sy - size, sx + size, sy + size),
                move |x, y| circle(x, y, sx, sy, size).max(clip(x, y)),
                |_, _| colour,
                rng.random_range(0.6..0.95),
            );
        }
    }
}

fn stationery(canvas: &mut Canvas, rng: &mut impl Rng, cx: f32, cy: f32, unit: f32) {
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

fn wedding(canvas: &mut Canvas, rng: &mut impl Rng, cx: f32, cy: f32, unit: f32) {
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

fn blocks(canvas: &mut Canvas, rng: &mut impl Rng, cx: f32, cy: f32, unit: f32) {
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

fn plush(canvas: &mut Canvas, rng: &mut impl Rng, cx: f32, cy: f32, unit: f32) {
    // A plush bear or rabbit: head, ears, body.
    let fur = hsv(rng.random_range(0.05..0.12), rng.random_range(0.2..0.5), rng.random_range(0.6..0.9));
    let r = unit * rng.random_range(0.12..0.16);
    let head = (cx, cy - r * 2.3);
    let rabbit = rng.random_bool(0.5);
    canvas.shadow(cx, cy, r * 1.4, r * 0.3, 0.3);
    canvas.fill(
        (cx - r * 1.3, cy - r * 2.0, cx + r * 1.3, cy),
        |x, y| ellipse(x, y, cx, cy - r * 0.9, r * 1.1, r * 1.0),
        lit(fur, cx - r * 0.4, cy - r * 1.4, r * 1.8),
        1.0,
    );
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

fn soap(canvas: &mut Canvas, rng: &mut impl Rng, cx: f32, cy: f32, unit: f32) {
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

fn bottle(canvas: &mut Canvas, rng: &mut impl Rng, cx: f32, cy: f32, unit: f32) {
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

fn yarn(canvas: &mut Canvas, rng: &mut impl Rng, cx: f32, cy: f32, unit: f32) {
    // Balls of yarn, their strands wound around.
    let balls = rng.random_range(1..4);
    for i in 0..balls {
        let r = unit * rng.random_range(0.12..0.17);
        let bx = cx + (i as f32 - (balls - 1) as f32 / 2.0) * r * 2.1;
        let by = cy - r;
        let wool = random_colour(rng, (0.3, 0.75), (0.5, 0.92));
        let tilt = rng.random_range(0.0..std::f32::consts::PI);
        canvas.shadow(bx, cy, r * 1.1, r * 0.28, 0.35);
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
}

fn fabrics(canvas: &mut Canvas, rng: &mut impl Rng, cx: f32, cy: f32, unit: f32) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn mean_difference(a: &RgbImage, b: &RgbImage) -> f64 {
        let total: u64 = a.as_raw().iter().zip(b.as_raw()).map(|(x, y)| u64::from(x.abs_diff(*y))).sum();
        total as f64 / a.as_raw().len() as f64
    }

    fn background_only(product: u64, shot: u32, width: u32, height: u32) -> RgbImage {
        let shot_seed = product ^ u64::from(shot + 1).wrapping_mul(0xD6E8_FEB8_6659_FD93);
        let mut rng = ChaCha8Rng::seed_from_u64(shot_seed);
        let mut canvas = Canvas::new(width, height, shot_seed);
        let scene = Scene::new(&mut rng, &canvas);
        canvas.background(&scene, &mut rng);
        canvas.finish()
    }

    #[test]
    fn the_same_seed_paints_the_same_pixels() {
        for motif in Motif::ALL {
            assert_eq!(paint(motif, 42, 0, 160, 120), paint(motif, 42, 0, 160, 120), "{motif:?}");
        }
    }

    #[test]
    fn different_products_look_different() {
        for motif in Motif::ALL {
            let difference = mean_difference(&paint(motif, 1, 0, 160, 120), &paint(motif, 2, 0, 160, 120));
            assert!(difference > 3.0, "{motif:?}: {difference}");
        }
    }

    #[test]
    fn every_motif_draws_a_product_in_every_shot() {
        for motif in Motif::ALL {
            for shot in 0..4 {
                let image = paint(motif, 9, shot, 200, 160);
                assert_eq!(image.dimensions(), (200, 160));
                let difference = mean_difference(&image, &background_only(9, shot, 200, 160));
                assert!(difference > 1.0, "{motif:?} shot {shot} drew something ({difference})");
            }
            assert_ne!(paint(motif, 9, 0, 200, 160), paint(motif, 9, 1, 200, 160), "shots differ");
        }
    }

    #[test]
    fn odd_sizes_do_not_panic() {
        for (w, h) in [(1, 1), (17, 9), (300, 20), (0, 0)] {
            for motif in Motif::ALL {
                let image = paint(motif, 7, 3, w, h);
                assert_eq!(image.dimensions(), (w.max(1), h.max(1)));
            }
        }
    }

    /// Painting dominates the seed's time; `cargo test --release -p echoppe-seed
    /// -- --ignored --nocapture painting_speed` prints where it goes.
    #[test]
    #[ignore = "a timing report, meaningful only in release"]
    fn painting_speed() {
        let started = std::time::Instant::now();
        let mut painted = Vec::new();
        for (i, motif) in Motif::ALL.iter().enumerate() {
            painted.push(paint(*motif, i as u64, 0, 1280, 960));
        }
        let paint_ms = started.elapsed().as_secs_f64() * 1000.0 / painted.len() as f64;
        let started = std::time::Instant::now();
        let mut bytes = 0;
        for image in &painted {
            bytes += echoppe_media::encode_jpeg(image.as_raw(), image.width(), image.height(), 85).unwrap().len();
        }
        let encode_ms = started.elapsed().as_secs_f64() * 1000.0 / painted.len() as f64;
        println!(
            "1280x960: paint {paint_ms:.1} ms, JPEG encode {encode_ms:.1} ms, {} KB per photo",
            bytes / painted.len() / 1024
        );
    }

    #[test]
    fn sub_categories_get_fitting_motifs() {
        assert_eq!(Motif::for_sub_category("bagues"), Motif::Ring);
        assert_eq!(Motif::for_sub_category("robes"), Motif::Dress);
        assert_eq!(Motif::for_sub_category("bougies"), Motif::Candle);
        assert_eq!(Motif::for_sub_category("inconnue"), Motif::Ceramics);
    }
}
