//! Procedural product photos for the demo catalogue.
//!
//! No photo can be downloaded here, and a marketplace without pictures is not
//! a marketplace. Each picture is a small studio scene: a wall and a table
//! (wood, linen or marble), a soft shadow and a subject drawn from signed
//! distance functions with anti-aliased edges, one motif per kind of product
//! (hoops for "créoles", a bangle for a "jonc", a dress, folded textiles with
//! woven patterns, framed paintings…; `motif.rs` says which noun gets which).
//! Everything derives from the seed, so the same seed paints the same pixels,
//! and different seeds paint different products; a product can be
//! photographed in several shots (closer, further, on another surface).
//!
//! The motifs live by family in the submodules; this file holds the studio
//! (canvas, wall and table) and the shapes and shadings they share.

mod art;
mod beauty;
mod celebrations;
mod children;
mod clothing;
mod crafts;
mod home;
mod jewellery;
mod paper;

use crate::motif::Motif;
use image::{Rgb, RgbImage};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

type Colour = [f32; 3];

/// How each shot of a product is framed: the first as a whole, then closer,
/// further, and close again on another surface.
const SHOT_ZOOM: [f32; 4] = [1.0, 1.35, 0.85, 1.2];

/// Where the subject goes: `x` its centre, `y` the line of the table it stands
/// on, `unit` its scale (the photo's short side, zoomed by the shot) and
/// `horizon` where the wall meets the table, for what hangs on the wall.
#[derive(Clone, Copy)]
struct Spot {
    x: f32,
    y: f32,
    unit: f32,
    horizon: f32,
}

/// Draws one motif's product at a spot, from the product's own random stream.
type Draw = fn(&mut Canvas, &mut ChaCha8Rng, Spot);

fn draw_of(motif: Motif) -> Draw {
    use Motif::*;
    use {art::*, beauty::*, celebrations::*, children::*, clothing::*, crafts::*, home::*, jewellery::*, paper::*};
    match motif {
        Ring => ring,
        Band => band,
        Pendant => pendant,
        DropEarrings => drop_earrings,
        Hoops => hoops,
        Studs => studs,
        Bangle => bangle,
        Cuff => cuff,
        ChainBracelet => chain_bracelet,
        BeadedBracelet => beaded_bracelet,
        Brooch => brooch,
        Pin => pin,
        Dress => dress,
        Jumper => |c, r, at| folded_top(c, r, at, Neck::Round),
        Cardigan => |c, r, at| folded_top(c, r, at, Neck::Buttoned),
        Shirt => |c, r, at| folded_top(c, r, at, Neck::Collar),
        Breton => |c, r, at| folded_top(c, r, at, Neck::Boat),
        Coat => coat,
        Kimono => kimono,
        Skirt => skirt,
        Trousers => |c, r, at| trousers(c, r, at, false),
        Shorts => |c, r, at| trousers(c, r, at, true),
        Handbag => handbag,
        ShoulderBag => shoulder_bag,
        Tote => tote,
        BucketBag => bucket_bag,
        Basket => basket,
        Pouch => pouch,
        Clutch => clutch,
        Scarf => scarf,
        SquareScarf => square_scarf,
        Shawl => shawl,
        Beanie => beanie,
        Beret => beret,
        Headband => headband,
        Hat => hat,
        Belt => belt,
        Sash => sash,
        Candle => candle,
        PillarCandle => pillar_candles,
        WaxMelts => wax_melts,
        Vase => vase,
        Bowls => bowls,
        Mug => mugs,
        Plate => plates,
        Teapot => teapot,
        Cushion => cushion,
        Throw => throw,
        Linens => linens,
        TableLamp => table_lamp,
        PendantLamp => pendant_lamp,
        StringLights => string_lights,
        WallHanging => wall_hanging,
        Mirror => mirror,
        WallShelf => wall_shelf,
        WallHooks => wall_hooks,
        Relief => relief,
        Painting => painting,
        Landscape => landscape,
        Diptych => diptych,
        Print => print,
        Photograph => photograph,
        Drawing => drawing,
        Poster => poster,
        BotanicalPoster => botanical_poster,
        Sculpture => sculpture,
        Figurine => figurine,
        Notebooks => stationery,
        Card => card,
        Calendar => calendar,
        DeskCalendar => desk_calendar,
        AdventCalendar => advent_calendar,
        SewingPattern => sewing_pattern,
        PrintedPattern => printed_pattern,
        Flowers => wedding,
        RingCushion => ring_cushion,
        WeddingSign => wedding_sign,
        Veil => veil,
        HairComb => hair_comb,
        FlowerCrown => flower_crown,
        FavourBag => favour_bag,
        FavourBox => favour_box,
        Bookmark => bookmarks,
        Bunting => bunting,
        PartyHat => party_hats,
        Crown => crown,
        BirthdayNumber => birthday_number,
        Blocks => blocks,
        Puzzle => puzzle,
        Rattle => rattle,
        ToyTruck => toy_truck,
        RockingHorse => rocking_horse,
        Doll => doll,
        SensoryBall => sensory_ball,
        PlushBear => |c, r, at| plush(c, r, at, false),
        PlushRabbit => |c, r, at| plush(c, r, at, true),
        FlatComforter => flat_comforter,
        Bodysuit => bodysuit,
        Bib => bib,
        Booties => booties,
        Mobile => mobile,
        Rug => rug,
        Teepee => teepee,
        Soap => soap,
        Jar => jars,
        Bottle => bottle,
        Perfume => perfume,
        EmbroideryKit => embroidery_kit,
        KnittingKit => |c, r, at| yarn_kit(c, r, at, false),
        CrochetKit => |c, r, at| yarn_kit(c, r, at, true),
        CandleKit => candle_kit,
        MacrameKit => macrame_kit,
        Yarn => yarn,
        Skeins => skeins,
        RoundBeads => |c, r, at| beads(c, r, at, Bead::Round),
        FacetedBeads => |c, r, at| beads(c, r, at, Bead::Faceted),
        SeedBeads => |c, r, at| beads(c, r, at, Bead::Seed),
        HeishiBeads => heishi,
        Clasps => |c, r, at| findings(c, r, at, Finding::Clasp),
        JumpRings => |c, r, at| findings(c, r, at, Finding::JumpRing),
        EarHooks => |c, r, at| findings(c, r, at, Finding::EarHook),
        Charms => |c, r, at| findings(c, r, at, Finding::Charm),
        Fabrics => fabrics,
    }
}

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
    let x = canvas.w * scene_rng.random_range(0.45..0.55);
    // Subjects rise about half a unit above their base: closer shots set them
    // lower so that tall ones (a plush's ears, a vase's neck) stay in frame.
    let y = (scene.horizon + (canvas.h - scene.horizon) * 0.35).max(canvas.h * 0.6 * zoom).min(canvas.h * 0.88);
    let rng = &mut ChaCha8Rng::seed_from_u64(product ^ (motif as u64).wrapping_mul(0xA24B_AED4_963E_E407));
    draw_of(motif)(&mut canvas, rng, Spot { x, y, unit, horizon: scene.horizon });
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
fn lit(base: Colour, cx: f32, cy: f32, radius: f32) -> impl Fn(f32, f32) -> Colour + Copy {
    move |x, y| {
        let dx = (x - cx) / radius;
        let dy = (y - cy) / radius;
        let light = 1.05 - 0.25 * (dx * 0.6 + dy * 0.8) - 0.15 * (dx * dx + dy * dy).min(1.0);
        scale(base, light)
    }
}

/// Metal: strong highlights and dark reflections.
fn metal(base: Colour, cx: f32, cy: f32, radius: f32) -> impl Fn(f32, f32) -> Colour + Copy {
    move |x, y| {
        let angle = (y - cy).atan2(x - cx);
        let band = (angle * 2.0 + 0.6).sin() * 0.5 + 0.5;
        let r = ((x - cx).powi(2) + (y - cy).powi(2)).sqrt() / radius;
        let k = 0.55 + 0.7 * band.powi(3) + 0.1 * r;
        mix(scale(base, k), [1.0, 1.0, 1.0], (band.powi(12) * 0.8).min(0.8))
    }
}

/// A woven or printed pattern in a garment's own coordinates.
fn pattern(kind: u32, base: Colour, accent: Colour, period: f32) -> impl Fn(f32, f32) -> Colour + Copy {
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

/// Where the centre of something `hh` half-high goes when it hangs on the wall.
fn on_wall(at: Spot, hh: f32) -> f32 {
    (at.horizon * 0.5).max(hh + at.unit * 0.04)
}

/// Gold, silver and rose gold.
const METALS: [Colour; 3] = [[0.86, 0.70, 0.36], [0.78, 0.79, 0.82], [0.88, 0.62, 0.55]];

fn metal_of(rng: &mut impl Rng) -> Colour {
    METALS[rng.random_range(0..METALS.len())]
}

fn gem_of(rng: &mut impl Rng) -> Colour {
    random_colour(rng, (0.5, 0.9), (0.5, 0.95))
}

/// Natural woods, light to dark.
fn wood_of(rng: &mut impl Rng) -> Colour {
    [[0.80, 0.64, 0.45], [0.70, 0.52, 0.34], [0.86, 0.74, 0.56], [0.55, 0.38, 0.25]][rng.random_range(0..4)]
}

/// A textile's colour and its woven or printed pattern.
fn cloth<R: Rng>(rng: &mut R, unit: f32) -> (Colour, impl Fn(f32, f32) -> Colour + Copy + use<R>) {
    let base = random_colour(rng, (0.15, 0.6), (0.45, 0.9));
    let accent = mix(base, random_colour(rng, (0.2, 0.7), (0.3, 0.95)), 0.7);
    let kind = rng.random_range(0..5);
    let period = unit * rng.random_range(0.02..0.05);
    (base, pattern(kind, base, accent, period))
}

/// Points every `step` along a straight edge.
fn along(a: (f32, f32), b: (f32, f32), step: f32) -> Vec<(f32, f32)> {
    let n = (((b.0 - a.0).hypot(b.1 - a.1) / step.max(1.0)) as usize).max(1);
    (0..=n).map(|i| (a.0 + (b.0 - a.0) * i as f32 / n as f32, a.1 + (b.1 - a.1) * i as f32 / n as f32)).collect()
}

/// A polygon (exact distance, negative inside, any winding).
fn polygon(x: f32, y: f32, points: &[(f32, f32)]) -> f32 {
    let mut squared = f32::MAX;
    let mut sign = 1.0;
    let mut j = points.len().saturating_sub(1);
    for (i, &(px, py)) in points.iter().enumerate() {
        let (qx, qy) = points[j];
        let (ex, ey, wx, wy) = (qx - px, qy - py, x - px, y - py);
        let t = ((wx * ex + wy * ey) / (ex * ex + ey * ey).max(1e-6)).clamp(0.0, 1.0);
        squared = squared.min((wx - ex * t).powi(2) + (wy - ey * t).powi(2));
        let (below, above, left) = (y >= py, y < qy, ex * wy > ey * wx);
        if (below && above && left) || (!below && !above && !left) {
            sign = -sign;
        }
        j = i;
    }
    sign * squared.sqrt()
}

/// `(x, y)` in the frame of an object centred on `(cx, cy)` and turned by `angle`.
fn turned(x: f32, y: f32, cx: f32, cy: f32, angle: f32) -> (f32, f32) {
    let (sin, cos) = angle.sin_cos();
    let (dx, dy) = (x - cx, y - cy);
    (cx + dx * cos + dy * sin, cy - dx * sin + dy * cos)
}

/// A five-pointed (or `points`-pointed) star.
fn star(cx: f32, cy: f32, r: f32, points: usize, turn: f32) -> Vec<(f32, f32)> {
    (0..points * 2)
        .map(|i| {
            let a = turn + i as f32 / (points * 2) as f32 * std::f32::consts::TAU - std::f32::consts::FRAC_PI_2;
            let k = if i % 2 == 0 { r } else { r * 0.45 };
            (cx + a.cos() * k, cy + a.sin() * k)
        })
        .collect()
}

/// A heart, its point down.
fn heart(x: f32, y: f32, cx: f32, cy: f32, r: f32) -> f32 {
    let lobes =
        circle(x, y, cx - r * 0.5, cy - r * 0.25, r * 0.55).min(circle(x, y, cx + r * 0.5, cy - r * 0.25, r * 0.55));
    lobes.min(polygon(x, y, &[(cx - r * 1.02, cy - r * 0.1), (cx + r * 1.02, cy - r * 0.1), (cx, cy + r)]))
}

/// A point of a cord hung from `a` to `b`, sagging by `depth` in the middle.
fn sag(a: (f32, f32), b: (f32, f32), depth: f32, t: f32) -> (f32, f32) {
    (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t + depth * 4.0 * t * (1.0 - t))
}

/// A digit 0 to 9 as a sign painter would letter it in strokes: seven rounded
/// segments in a box `h` tall, centred on `(cx, cy)`.
fn digit(x: f32, y: f32, cx: f32, cy: f32, h: f32, stroke: f32, value: u32) -> f32 {
    const SEGMENTS: [u8; 10] = [0x3F, 0x06, 0x5B, 0x4F, 0x66, 0x6D, 0x7D, 0x07, 0x7F, 0x6F];
    let (l, r, t, m, b) = (cx - h * 0.27, cx + h * 0.27, cy - h * 0.5, cy, cy + h * 0.5);
    let lines = [
        ((l, t), (r, t)),
        ((r, t), (r, m)),
        ((r, m), (r, b)),
        ((l, b), (r, b)),
        ((l, m), (l, b)),
        ((l, t), (l, m)),
        ((l, m), (r, m)),
    ];
    let on = SEGMENTS[value as usize % 10];
    lines
        .iter()
        .enumerate()
        .filter(|(i, _)| on & (1 << i) != 0)
        .map(|(_, &(p, q))| segment(x, y, p, q, stroke))
        .fold(f32::MAX, f32::min)
}

/// Metal bent into a cylinder (a band, a bangle, a cuff): light across it, a
/// bright line where the lamp catches it.
fn polished(base: Colour, cx: f32, rx: f32) -> impl Fn(f32, f32) -> Colour + Copy {
    move |x, _| {
        let u = ((x - cx) / rx).clamp(-1.0, 1.0);
        let k = 0.5 + 0.55 * (1.0 - u * u).sqrt();
        let glint = (-((u + 0.35) / 0.12).powi(2)).exp();
        mix(scale(base, k), [1.0, 1.0, 1.0], glint * 0.7)
    }
}

impl Canvas {
    /// Fills a polygon.
    fn fill_polygon(&mut self, points: &[(f32, f32)], shade: impl Fn(f32, f32) -> Colour, opacity: f32) {
        let bbox = points.iter().fold((f32::MAX, f32::MAX, f32::MIN, f32::MIN), |b, &(x, y)| {
            (b.0.min(x - 1.0), b.1.min(y - 1.0), b.2.max(x + 1.0), b.3.max(y + 1.0))
        });
        self.fill(bbox, |x, y| polygon(x, y, points), shade, opacity);
    }

    /// A cord or a stroke through `points`, `width` wide.
    fn stroke(&mut self, points: &[(f32, f32)], width: f32, colour: Colour, opacity: f32) {
        for pair in points.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let pad = width + 1.0;
            self.fill(
                (a.0.min(b.0) - pad, a.1.min(b.1) - pad, a.0.max(b.0) + pad, a.1.max(b.1) + pad),
                |x, y| segment(x, y, a, b, width * 0.5),
                |_, _| colour,
                opacity,
            );
        }
    }

    /// Light spilling around a lamp or a flame: brightens towards `colour`,
    /// fading out at `r`.
    fn glow(&mut self, x: f32, y: f32, r: f32, colour: Colour, strength: f32) {
        let (x0, y0) = ((x - r).max(0.0) as usize, (y - r).max(0.0) as usize);
        let (x1, y1) = ((x + r).min(self.w).max(0.0) as usize, (y + r).min(self.h).max(0.0) as usize);
        for py in y0..y1 {
            for px in x0..x1 {
                let d = ((px as f32 - x).powi(2) + (py as f32 - y).powi(2)).sqrt() / r;
                if d < 1.0 {
                    let k = strength * (1.0 - d).powi(2);
                    let pixel = &mut self.pixels[py * self.width + px];
                    *pixel = mix(*pixel, colour, k.min(1.0));
                }
            }
        }
    }

    /// A nail in the wall, for what hangs there.
    fn nail(&mut self, x: f32, y: f32, unit: f32) {
        let r = (unit * 0.008).max(1.0);
        self.fill(
            (x - r * 2.0, y - r * 2.0, x + r * 2.0, y + r * 2.0),
            |px, py| circle(px, py, x, y, r),
            |_, _| [0.3, 0.28, 0.26],
            1.0,
        );
    }

    /// The soft shadow cast on the wall by something hung there (`radius`
    /// rounds its corners: a round mirror casts a round shadow).
    fn wall_shadow(&mut self, cx: f32, cy: f32, hw: f32, hh: f32, radius: f32, unit: f32) {
        let soft = (unit * 0.025).max(1.0);
        let (sx, sy) = (cx + soft * 0.4, cy + soft * 0.7);
        // Dividing the distance by `soft` spreads the anti-aliased edge over
        // that many pixels: a blur for the price of one fill.
        self.fill(
            (sx - hw - soft, sy - hh - soft, sx + hw + soft, sy + hh + soft),
            |x, y| rounded_box(x, y, sx, sy, hw, hh, radius.min(hw).min(hh)) / soft,
            |_, _| [0.0, 0.0, 0.0],
            0.22,
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
}
