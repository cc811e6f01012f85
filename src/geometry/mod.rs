//! Geometry that knows nothing of the route data: lengths on the WGS84 ellipsoid, the map's
//! projections, the view, and polylines as flat arrays in world units.

pub mod flat_lines;
pub mod measure;
pub mod projection;
pub mod viewport;
