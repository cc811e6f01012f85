//! The basemap (Natural Earth land and country borders), projected once and simplified at a
//! few levels of detail, so that a frame draws only as many vertices as its zoom can show.

use geo::{LineString, Simplify};
use geojson::{FeatureCollection, GeometryValue, Position};

use crate::projection::Projection;

/// Simplification tolerances in world units, coarsest first; the last keeps every vertex.
/// At zoom 1 on a 1920 px canvas one world unit is about 1.1 px.
pub const LOD_TOLERANCES: [f64; 4] = [0.4, 0.1, 0.025, 0.0];
/// The largest error, in CSS px, a level may show before a finer one is used.
pub const MAX_ERROR_PX: f64 = 0.6;
/// Longitudes kept, with western ones read as east of 180° (Chukotka at −170° is 190°): Europe to
/// the Bering Strait. Rings reaching beyond (the Americas) are dropped; the conic cuts at 265°.
const LON_RANGE: [f64; 2] = [-20.0, 250.0];

/// Polylines in world coordinates as flat arrays the page can draw without parsing:
/// `xy` holds x, y pairs; line `i` is points `starts[i]..starts[i + 1]`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FlatLines {
    pub xy: Vec<f32>,
    pub starts: Vec<u32>,
}

impl FlatLines {
    /// Appends one polyline.
    pub fn push_line(&mut self, line: &[[f64; 2]]) {
        if self.starts.is_empty() {
            self.starts.push(0);
        }
        for p in line {
            self.xy.push(p[0] as f32);
            self.xy.push(p[1] as f32);
        }
        self.starts.push((self.xy.len() / 2) as u32);
    }

    pub fn line_count(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    pub fn point_count(&self) -> usize {
        self.xy.len() / 2
    }
}

/// Land rings and border lines at each level of [`LOD_TOLERANCES`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Basemap {
    pub land: Vec<FlatLines>,
    pub borders: Vec<FlatLines>,
}

impl Basemap {
    /// Reads a FeatureCollection whose features have `properties.layer` `"land"` (Polygon,
    /// MultiPolygon) or `"borders"` (LineString, MultiLineString).
    pub fn from_geojson(text: &str, projection: &impl Projection) -> Result<Basemap, String> {
        let fc: FeatureCollection = text.parse().map_err(|e| format!("basemap: not valid GeoJSON: {e}"))?;
        let mut land_rings = Vec::new();
        let mut border_lines = Vec::new();
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
                GeometryValue::Polygon { coordinates } => target.extend(coordinates.iter().cloned()),
                GeometryValue::MultiPolygon { coordinates } => target.extend(coordinates.iter().flatten().cloned()),
                GeometryValue::LineString { coordinates } => target.push(coordinates.clone()),
                GeometryValue::MultiLineString { coordinates } => target.extend(coordinates.iter().cloned()),
                other => return Err(format!("basemap: feature #{i}: unexpected {}", other.type_name())),
            }
        }
        let land = project_lines(&land_rings, projection);
        let borders = project_lines(&border_lines, projection);
        Ok(Basemap {
            land: LOD_TOLERANCES.iter().map(|&t| simplify_all(&land, t, 4)).collect(),
            borders: LOD_TOLERANCES.iter().map(|&t| simplify_all(&borders, t, 2)).collect(),
        })
    }

    /// The coarsest level whose simplification error stays under [`MAX_ERROR_PX`] at `scale`
    /// (CSS px per world unit).
    pub fn level_for_scale(scale: f64) -> usize {
        LOD_TOLERANCES
            .iter()
            .position(|&t| t * scale <= MAX_ERROR_PX)
            .unwrap_or(LOD_TOLERANCES.len() - 1)
    }
}

fn project_lines(lines: &[Vec<Position>], projection: &impl Projection) -> Vec<Vec<[f64; 2]>> {
    // Natural Earth's Afro-Eurasia ring runs on past the antimeridian into Chukotka (−180…−169):
    // unwrapping keeps it continuous.
    let lon = |p: &Position| if p[0] < LON_RANGE[0] { p[0] + 360.0 } else { p[0] };
    lines
        .iter()
        .filter(|line| {
            line.iter()
                .all(|p| p.len() >= 2 && (LON_RANGE[0]..=LON_RANGE[1]).contains(&lon(p)))
        })
        .filter_map(|line| line.iter().map(|p| projection.project([lon(p), p[1]])).collect())
        .collect()
}

fn simplify_all(lines: &[Vec<[f64; 2]>], tolerance: f64, min_points: usize) -> FlatLines {
    let mut out = FlatLines::default();
    for line in lines {
        if tolerance == 0.0 {
            out.push_line(line);
            continue;
        }
        let simplified = LineString::from(line.clone()).simplify(tolerance);
        let pts: Vec<[f64; 2]> = simplified.0.iter().map(|c| [c.x, c.y]).collect();
        if pts.len() >= min_points {
            out.push_line(&pts);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::projection::LambertConformalConic;

    const SAMPLE: &str = r#"{"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{"layer":"land"},"geometry":{"type":"Polygon","coordinates":[
        [[100,20],[100.001,20.5],[100,21],[101,21],[101,20],[100,20]]]}},
      {"type":"Feature","properties":{"layer":"land"},"geometry":{"type":"Polygon","coordinates":[
        [[-100,20],[-100,21],[-101,21],[-100,20]]]}},
      {"type":"Feature","properties":{"layer":"borders"},"geometry":{"type":"LineString","coordinates":[[100,20],[101,21]]}}]}"#;

    #[test]
    fn projects_simplifies_and_drops_the_americas() {
        let b = Basemap::from_geojson(SAMPLE, &LambertConformalConic::asia()).expect("loads");
        assert_eq!(b.land.len(), LOD_TOLERANCES.len());
        assert_eq!(b.land[3].line_count(), 1, "the western-hemisphere ring is dropped");
        assert_eq!(b.land[3].point_count(), 6);
        assert_eq!(
            b.land[0].point_count(),
            5,
            "the nearly collinear vertex goes at coarse levels"
        );
        assert_eq!(b.borders[0].line_count(), 1);
    }

    #[test]
    fn finer_levels_for_larger_scales() {
        assert_eq!(Basemap::level_for_scale(1.0), 0);
        assert_eq!(Basemap::level_for_scale(5.0), 1);
        assert_eq!(Basemap::level_for_scale(1e6), 3);
    }

    #[test]
    fn bad_layer_is_an_error() {
        let text = SAMPLE.replace("\"borders\"", "\"rivers\"");
        let e = Basemap::from_geojson(&text, &LambertConformalConic::asia()).expect_err("rejects");
        assert!(e.contains("feature #2: field \"layer\""), "{e}");
    }
}
