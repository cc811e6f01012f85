//! The basemap (Natural Earth land and country borders), projected once and simplified at a
//! few levels of detail, so that a frame draws only as many vertices as its zoom can show.

use std::cell::OnceCell;

use geojson::{FeatureCollection, GeometryValue, Position};

use crate::geometry::flat_lines::{FlatLines, simplify_all, visible_part};

use crate::geometry::projection::Projection;
use crate::geometry::viewport::Bounds;

/// Simplification tolerances in world units, coarsest first, halving from level to level; the
/// last keeps every vertex. At zoom 1 on a 1920 px canvas one world unit is about 0.9 px.
pub const LOD_TOLERANCES: [f64; 8] = [0.5, 0.25, 0.12, 0.06, 0.03, 0.015, 0.0075, 0.0];
/// The largest error, in device px, a level may show before a finer one is used.
pub const MAX_ERROR_PX: f64 = 0.5;
/// Longitudes kept, with western ones read as east of 180° (Chukotka at −170° is 190°): Europe to
/// the Bering Strait. Rings reaching beyond (the Americas) are dropped; the conic cuts at 265°.
pub const LON_RANGE: [f64; 2] = [-20.0, 250.0];
/// The binary basemap (`www/data/basemap.bin`, written by `scripts/build-basemap.mjs`): this
/// magic, then the land rings and the border lines, each a count and then lines of a varint
/// point count and zigzag varint deltas of longitude and latitude in thousandths of a degree.
pub const BINARY_MAGIC: &[u8; 4] = b"SRB1";
/// The binary basemap with a header (`www/data/basemap-overview.bin`): this magic, a varint
/// count of units per degree, a varint of flags ([`OVERVIEW_FLAG`]), then the lines as in
/// [`BINARY_MAGIC`] in those units.
pub const BINARY_MAGIC_V2: &[u8; 4] = b"SRB2";
/// The lines are already simplified for the coarsest level (the overview the page draws its
/// first frame with): every level draws them as they are, until the full basemap replaces it.
pub const OVERVIEW_FLAG: u64 = 1;

/// A polyline or ring, in degrees or in world units.
pub type Line = Vec<[f64; 2]>;

/// Land rings and border lines, projected, with each level of [`LOD_TOLERANCES`] simplified
/// the first time a view needs it (a first frame at the overview pays for one level only).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Basemap {
    land_full: Vec<Line>,
    borders_full: Vec<Line>,
    land: Vec<OnceCell<FlatLines>>,
    borders: Vec<OnceCell<FlatLines>>,
    /// Lines already simplified for the coarsest level, drawn as they are at every level.
    overview: bool,
}

impl Basemap {
    /// Reads a FeatureCollection whose features have `properties.layer` `"land"` (Polygon,
    /// MultiPolygon) or `"borders"` (LineString, MultiLineString).
    pub fn from_geojson(text: &str, projection: &impl Projection) -> Result<Basemap, String> {
        let fc: FeatureCollection = text.parse().map_err(|e| format!("basemap: not valid GeoJSON: {e}"))?;
        let mut land_rings: Vec<Vec<[f64; 2]>> = Vec::new();
        let mut border_lines: Vec<Vec<[f64; 2]>> = Vec::new();
        let conv = |line: &Vec<Position>| -> Vec<[f64; 2]> {
            line.iter()
                .map(|p| if p.len() >= 2 { [p[0], p[1]] } else { [f64::NAN; 2] })
                .collect()
        };
        for (i, f) in fc.features.iter().enumerate() {
            let layer = f.property("layer").and_then(|v| v.as_str()).unwrap_or_default();
            let Some(g) = &f.geometry else { continue };
            let target = match layer {
                "land" => &mut land_rings,
                "borders" => &mut border_lines,
                other => {
                    return Err(format!(
                        "basemap: feature #{i}: field \"layer\": expected land or borders, found {other:?}"
                    ));
                }
            };
            match &g.value {
                GeometryValue::Polygon { coordinates } => target.extend(coordinates.iter().map(conv)),
                GeometryValue::MultiPolygon { coordinates } => target.extend(coordinates.iter().flatten().map(conv)),
                GeometryValue::LineString { coordinates } => target.push(conv(coordinates)),
                GeometryValue::MultiLineString { coordinates } => target.extend(coordinates.iter().map(conv)),
                other => return Err(format!("basemap: feature #{i}: unexpected {}", other.type_name())),
            }
        }
        Ok(Basemap::from_lines(&land_rings, &border_lines, projection, false))
    }

    /// Reads either binary form ([`BINARY_MAGIC`], [`BINARY_MAGIC_V2`]): a tenth of the GeoJSON's
    /// size, and decoded without building a JSON tree.
    pub fn from_binary(bytes: &[u8], projection: &impl Projection) -> Result<Basemap, String> {
        let mut r = Reader {
            bytes,
            at: 4,
            per_degree: 1000.0,
        };
        let mut overview = false;
        match bytes.get(..4) {
            Some(m) if m == BINARY_MAGIC.as_slice() => {}
            Some(m) if m == BINARY_MAGIC_V2.as_slice() => {
                let units = r.varint()?;
                if units == 0 || units > 1_000_000 {
                    return Err(format!("basemap: {units} units per degree is out of range"));
                }
                r.per_degree = units as f64;
                let flags = r.varint()?;
                if flags & !OVERVIEW_FLAG != 0 {
                    return Err(format!("basemap: unknown flags {flags:#x}"));
                }
                overview = flags & OVERVIEW_FLAG != 0;
            }
            _ => return Err("basemap: not a basemap file (bad magic)".into()),
        }
        // Decoded and projected in one pass, without a copy of every line in degrees: this is
        // the first frame's basemap (the overview), on the way to the first frame.
        let land_full = r.lines(projection)?;
        let borders_full = r.lines(projection)?;
        if r.at != bytes.len() {
            return Err(format!("basemap: {} bytes left over at the end", bytes.len() - r.at));
        }
        Ok(Basemap::projected(land_full, borders_full, overview))
    }

    fn from_lines(land: &[Line], borders: &[Line], projection: &impl Projection, overview: bool) -> Basemap {
        Basemap::projected(
            project_lines(land, projection),
            project_lines(borders, projection),
            overview,
        )
    }

    fn projected(land_full: Vec<Line>, borders_full: Vec<Line>, overview: bool) -> Basemap {
        Basemap {
            land_full,
            borders_full,
            land: vec![OnceCell::new(); LOD_TOLERANCES.len()],
            borders: vec![OnceCell::new(); LOD_TOLERANCES.len()],
            overview,
        }
    }

    /// Land rings and border lines as loaded and projected, before any level's simplification,
    /// each in its place in the file.
    pub fn source_lines(&self) -> (&[Line], &[Line]) {
        (&self.land_full, &self.borders_full)
    }

    /// Whether this is the overview (lines simplified for the coarsest level only), which the
    /// full basemap is meant to replace.
    pub fn is_overview(&self) -> bool {
        self.overview
    }

    /// The simplification tolerance of `level`: the overview's lines are drawn as they are.
    fn tolerance(&self, level: usize) -> f64 {
        if self.overview { 0.0 } else { LOD_TOLERANCES[level] }
    }

    /// Where a level is kept: the overview keeps one copy for all levels.
    fn slot(&self, level: usize) -> Option<usize> {
        (level < self.land.len()).then_some(if self.overview { 0 } else { level })
    }

    /// Number of levels of detail (0 before a basemap is loaded).
    pub fn levels(&self) -> usize {
        self.land.len()
    }

    /// Land rings at `level` (simplified on first use).
    pub fn land(&self, level: usize) -> Option<&FlatLines> {
        let cell = &self.land[self.slot(level)?];
        Some(cell.get_or_init(|| simplify_all(&self.land_full, self.tolerance(level), 4)))
    }

    /// Border lines at `level` (simplified on first use).
    pub fn borders(&self, level: usize) -> Option<&FlatLines> {
        let cell = &self.borders[self.slot(level)?];
        Some(cell.get_or_init(|| simplify_all(&self.borders_full, self.tolerance(level), 2)))
    }

    /// The coarsest level whose simplification error stays under [`MAX_ERROR_PX`] device px at
    /// `scale` CSS px per world unit and `dpr` device px per CSS px.
    pub fn level_for(scale: f64, dpr: f64) -> usize {
        let dpr = if dpr.is_finite() && dpr > 0.0 { dpr } else { 1.0 };
        LOD_TOLERANCES
            .iter()
            .position(|&t| t * scale * dpr <= MAX_ERROR_PX)
            .unwrap_or(LOD_TOLERANCES.len() - 1)
    }

    /// [`Basemap::level_for`] at devicePixelRatio 1.
    pub fn level_for_scale(scale: f64) -> usize {
        Basemap::level_for(scale, 1.0)
    }
}

/// A level of the basemap cut to the box around a view (see [`Basemap::cut`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BasemapCut {
    pub land: FlatLines,
    pub borders: FlatLines,
}

impl Basemap {
    /// What of `level` to draw for a view of the world box `view`, when that is less than half
    /// of the level; `None` when the whole level is the better draw (most of it in view: the
    /// page's cached paths of the level cost nothing to build), or there is no such level.
    pub fn cut(&self, level: usize, view: &Bounds) -> Option<BasemapCut> {
        let (land, borders) = (self.land(level)?, self.borders(level)?);
        let total = land.point_count() + borders.point_count();
        // The cut holds at least every point inside the box: when those alone are more than
        // half the level, the answer is the whole level, without building the cut.
        if 2 * (land.points_inside(view) + borders.points_inside(view)) > total {
            return None;
        }
        let (land, borders) = visible_part(land, borders, view)?;
        (2 * (land.point_count() + borders.point_count()) <= total).then_some(BasemapCut { land, borders })
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    per_degree: f64,
}

impl Reader<'_> {
    fn varint(&mut self) -> Result<u64, String> {
        let mut v: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = *self.bytes.get(self.at).ok_or("basemap: truncated")?;
            self.at += 1;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err("basemap: varint too long".into())
    }

    fn zigzag(&mut self) -> Result<i64, String> {
        let v = self.varint()?;
        Ok((v >> 1) as i64 ^ -((v & 1) as i64))
    }

    /// The next count of lines, projected as [`project_lines`] does (a line with a point outside
    /// [`LON_RANGE`] or the projection is dropped, after its bytes are read).
    fn lines(&mut self, projection: &impl Projection) -> Result<Vec<Line>, String> {
        let count = self.varint()?;
        let mut out = Vec::new();
        let (mut lon, mut lat) = (0i64, 0i64);
        for _ in 0..count {
            let n = self.varint()? as usize;
            // Every point takes at least two bytes: a count beyond that is corrupt.
            if n > (self.bytes.len() - self.at) / 2 + 1 {
                return Err("basemap: truncated line".into());
            }
            let mut line = Vec::with_capacity(n);
            let mut kept = true;
            for _ in 0..n {
                lon += self.zigzag()?;
                lat += self.zigzag()?;
                if kept {
                    match project_point([lon as f64 / self.per_degree, lat as f64 / self.per_degree], projection) {
                        Some(q) => line.push(q),
                        None => kept = false,
                    }
                }
            }
            if kept {
                out.push(line);
            }
        }
        Ok(out)
    }
}

fn project_lines(lines: &[Vec<[f64; 2]>], projection: &impl Projection) -> Vec<Vec<[f64; 2]>> {
    // Natural Earth's Afro-Eurasia ring runs on past the antimeridian into Chukotka (−180…−169):
    // unwrapping keeps it continuous.
    // A plain loop into vectors of the right size: collecting into Option<Vec> grows each line
    // by doubling, which was a third of the first frame's basemap decode in the wasm.
    let mut out = Vec::with_capacity(lines.len());
    'lines: for line in lines {
        let mut xy = Vec::with_capacity(line.len());
        for &p in line {
            let Some(q) = project_point(p, projection) else {
                continue 'lines;
            };
            xy.push(q);
        }
        out.push(xy);
    }
    out
}

/// A basemap point in world units, its longitude unwrapped into [`LON_RANGE`]; `None` outside
/// it or the projection.
fn project_point(p: [f64; 2], projection: &impl Projection) -> Option<[f64; 2]> {
    let lon = if p[0] < LON_RANGE[0] { p[0] + 360.0 } else { p[0] };
    if !(LON_RANGE[0]..=LON_RANGE[1]).contains(&lon) {
        return None;
    }
    projection.project([lon, p[1]])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geometry::projection::LambertConformalConic;

    const SAMPLE: &str = r#"{"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{"layer":"land"},"geometry":{"type":"Polygon","coordinates":[
        [[100,20],[100.001,20.5],[100,21],[101,21],[101,20],[100,20]]]}},
      {"type":"Feature","properties":{"layer":"land"},"geometry":{"type":"Polygon","coordinates":[
        [[-100,20],[-100,21],[-101,21],[-100,20]]]}},
      {"type":"Feature","properties":{"layer":"borders"},"geometry":{"type":"LineString","coordinates":[[100,20],[101,21]]}}]}"#;

    #[test]
    fn projects_simplifies_and_drops_the_americas() {
        let b = Basemap::from_geojson(SAMPLE, &LambertConformalConic::asia()).expect("loads");
        let last = LOD_TOLERANCES.len() - 1;
        assert_eq!(b.levels(), LOD_TOLERANCES.len());
        assert_eq!(
            b.land(last).unwrap().line_count(),
            1,
            "the western-hemisphere ring is dropped"
        );
        assert_eq!(b.land(last).unwrap().point_count(), 6);
        assert_eq!(
            b.land(0).unwrap().point_count(),
            5,
            "the nearly collinear vertex goes at coarse levels"
        );
        assert_eq!(b.borders(0).unwrap().line_count(), 1);
        assert!(b.land(last + 1).is_none());
        assert_eq!(Basemap::default().levels(), 0);
    }

    #[test]
    fn finer_levels_for_larger_scales_and_denser_screens() {
        assert_eq!(Basemap::level_for_scale(1.0), 0);
        assert_eq!(Basemap::level_for_scale(2.0), 1);
        assert_eq!(Basemap::level_for(1.0, 2.0), 1, "half a device pixel at dpr 2");
        assert_eq!(Basemap::level_for_scale(1e6), LOD_TOLERANCES.len() - 1);
        for k in [0.8, 3.0, 7.5, 40.0] {
            let l = Basemap::level_for(k, 2.0);
            assert!(LOD_TOLERANCES[l] * k * 2.0 <= MAX_ERROR_PX || l == LOD_TOLERANCES.len() - 1);
            assert!(
                l == 0 || LOD_TOLERANCES[l - 1] * k * 2.0 > MAX_ERROR_PX,
                "the coarsest such level"
            );
        }
    }

    /// Encodes lines the way scripts/build-basemap.mjs does.
    fn encode(layers: &[&[&[[i64; 2]]]]) -> Vec<u8> {
        fn varint(out: &mut Vec<u8>, mut v: u64) {
            while v >= 0x80 {
                out.push((v as u8) | 0x80);
                v >>= 7;
            }
            out.push(v as u8);
        }
        let zz = |v: i64| ((v << 1) ^ (v >> 63)) as u64;
        let mut out = BINARY_MAGIC.to_vec();
        for lines in layers {
            varint(&mut out, lines.len() as u64);
            let mut prev = [0i64, 0];
            for line in *lines {
                varint(&mut out, line.len() as u64);
                for p in *line {
                    varint(&mut out, zz(p[0] - prev[0]));
                    varint(&mut out, zz(p[1] - prev[1]));
                    prev = *p;
                }
            }
        }
        out
    }

    #[test]
    fn binary_matches_geojson() {
        let land: &[&[[i64; 2]]] = &[
            &[
                [100_000, 20_000],
                [100_001, 20_500],
                [100_000, 21_000],
                [101_000, 21_000],
                [101_000, 20_000],
                [100_000, 20_000],
            ],
            &[
                [-100_000, 20_000],
                [-100_000, 21_000],
                [-101_000, 21_000],
                [-100_000, 20_000],
            ],
        ];
        let borders: &[&[[i64; 2]]] = &[&[[100_000, 20_000], [101_000, 21_000]]];
        let bytes = encode(&[land, borders]);
        let p = LambertConformalConic::asia();
        let bin = Basemap::from_binary(&bytes, &p).expect("decodes");
        let json = Basemap::from_geojson(SAMPLE, &p).expect("loads");
        assert_eq!(bin, json);
        for level in 0..bin.levels() {
            assert_eq!(bin.land(level), json.land(level));
            assert_eq!(bin.borders(level), json.borders(level));
        }
    }

    /// The same lines as [`encode`], in the headed form: `units` per degree and `flags`.
    fn encode_v2(units: u8, flags: u8, layers: &[&[&[[i64; 2]]]]) -> Vec<u8> {
        let mut out = BINARY_MAGIC_V2.to_vec();
        out.extend([units, flags]);
        out.extend_from_slice(&encode(layers)[4..]);
        out
    }

    #[test]
    fn the_overview_is_read_in_its_units_and_drawn_as_it_is_at_every_level() {
        let p = LambertConformalConic::asia();
        // A square with a nearly collinear vertex, in fiftieths of a degree, and a sliver of a
        // ring that has too few points to fill anything.
        let square: &[[i64; 2]] = &[
            [5_000, 1_000],
            [5_000, 1_025],
            [5_000, 1_050],
            [5_050, 1_050],
            [5_050, 1_000],
            [5_000, 1_000],
        ];
        let sliver: &[[i64; 2]] = &[[5_100, 1_000], [5_101, 1_000], [5_100, 1_000]];
        let land: &[&[[i64; 2]]] = &[square, sliver];
        let borders: &[&[[i64; 2]]] = &[&[[5_000, 1_000], [5_050, 1_050]]];
        let overview =
            Basemap::from_binary(&encode_v2(50, OVERVIEW_FLAG as u8, &[land, borders]), &p).expect("decodes");
        assert!(overview.is_overview());
        let degrees = |l: &[[i64; 2]]| {
            l.iter()
                .map(|q| [q[0] as f64 / 50.0, q[1] as f64 / 50.0])
                .collect::<Vec<_>>()
        };
        let expect = project_lines(&[degrees(square), degrees(sliver)], &p);
        assert_eq!(
            overview.source_lines().0,
            expect.as_slice(),
            "read in fiftieths of a degree"
        );
        let first = overview.land(0).expect("level 0");
        assert_eq!(first.line_count(), 1, "the three-point sliver is not drawn");
        assert_eq!(
            first.point_count(),
            6,
            "every vertex kept: the overview is simplified already"
        );
        for level in 1..overview.levels() {
            assert_eq!(overview.land(level), Some(first), "level {level}");
            assert_eq!(overview.borders(level), overview.borders(0));
        }
        // Without the flag the same file is simplified level by level, like basemap.bin.
        let plain = Basemap::from_binary(&encode_v2(50, 0, &[land, borders]), &p).expect("decodes");
        assert!(!plain.is_overview());
        assert_eq!(plain.land(0).expect("level 0").point_count(), 5);
    }

    #[test]
    fn a_headed_binary_with_bad_units_or_flags_is_an_error() {
        let p = LambertConformalConic::asia();
        let lines: &[&[&[[i64; 2]]]] = &[&[&[[1, 2], [3, 4], [5, 6], [1, 2]]], &[]];
        assert!(
            Basemap::from_binary(&encode_v2(0, 1, lines), &p)
                .unwrap_err()
                .contains("units per degree")
        );
        assert!(
            Basemap::from_binary(&encode_v2(50, 2, lines), &p)
                .unwrap_err()
                .contains("unknown flags")
        );
        let good = encode_v2(50, 1, lines);
        for cut in 4..good.len() {
            assert!(Basemap::from_binary(&good[..cut], &p).is_err(), "cut at {cut}");
        }
    }

    #[test]
    fn broken_binary_is_an_error_not_a_panic() {
        let p = LambertConformalConic::asia();
        let good = encode(&[&[&[[1, 2], [3, 4], [5, 6], [1, 2]]], &[]]);
        assert!(Basemap::from_binary(&good, &p).is_ok());
        assert!(Basemap::from_binary(b"GEOJ", &p).unwrap_err().contains("magic"));
        for cut in 4..good.len() {
            assert!(Basemap::from_binary(&good[..cut], &p).is_err(), "cut at {cut}");
        }
        let mut long = good.clone();
        long.push(0);
        assert!(Basemap::from_binary(&long, &p).unwrap_err().contains("left over"));
        let mut huge = BINARY_MAGIC.to_vec();
        huge.extend([0xff, 0xff, 0xff, 0xff, 0x0f, 0xff, 0xff, 0xff, 0xff, 0x0f]);
        assert!(Basemap::from_binary(&huge, &p).is_err());
    }

    #[test]
    fn bad_layer_is_an_error() {
        let text = SAMPLE.replace("\"borders\"", "\"rivers\"");
        let e = Basemap::from_geojson(&text, &LambertConformalConic::asia()).expect_err("rejects");
        assert!(e.contains("feature #2: field \"layer\""), "{e}");
    }

    /// Projects `[lon, lat]` to itself: world units are degrees.
    struct Plate;

    impl Projection for Plate {
        fn project(&self, p: [f64; 2]) -> Option<[f64; 2]> {
            Some(p)
        }
        fn invert(&self, p: [f64; 2]) -> Option<[f64; 2]> {
            Some(p)
        }
    }

    /// Four islands a degree wide along the equator, at 100°, 110°, 120° and 130°E, and a
    /// border across each; drawn at the finest level, which keeps every vertex.
    fn islands() -> (Basemap, usize) {
        let square = |x: f64| vec![[x, 0.0], [x + 1.0, 0.0], [x + 1.0, 1.0], [x, 1.0], [x, 0.0]];
        let land: Vec<Line> = [100.0, 110.0, 120.0, 130.0].map(square).into();
        let borders: Vec<Line> = [100.0, 110.0, 120.0, 130.0]
            .map(|x| vec![[x, 0.5], [x + 1.0, 0.5]])
            .into();
        (
            Basemap::from_lines(&land, &borders, &Plate, false),
            LOD_TOLERANCES.len() - 1,
        )
    }

    fn square_box(min: [f64; 2], max: [f64; 2]) -> Bounds {
        Bounds { min, max }
    }

    #[test]
    fn a_view_of_one_island_cuts_the_level_to_it() {
        let (map, level) = islands();
        let cut = map
            .cut(level, &square_box([99.0, -1.0], [102.0, 2.0]))
            .expect("a quarter of the level is in view: cut");
        assert_eq!((cut.land.line_count(), cut.borders.line_count()), (1, 1));
        assert_eq!(cut.land.line(0), map.land(level).expect("level").line(0));
    }

    #[test]
    fn a_view_of_most_of_the_level_draws_the_whole_level() {
        let (map, level) = islands();
        assert_eq!(
            map.cut(level, &square_box([90.0, -10.0], [140.0, 10.0])),
            None,
            "all in view"
        );
        assert_eq!(
            map.cut(level, &square_box([99.0, -1.0], [122.0, 2.0])),
            None,
            "three islands of four in view"
        );
        // Half of one island inside: the clipped ring is smaller than the level's half.
        assert!(map.cut(level, &square_box([100.5, -1.0], [102.0, 2.0])).is_some());
    }

    #[test]
    fn no_level_no_cut() {
        let (map, _) = islands();
        let everywhere = square_box([-180.0, -90.0], [180.0, 90.0]);
        assert_eq!(map.cut(LOD_TOLERANCES.len(), &everywhere), None);
        assert_eq!(Basemap::default().cut(0, &everywhere), None, "no basemap loaded yet");
    }
}
