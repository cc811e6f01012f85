//! Supply Routes: the computing core of a map of the routes by which Soviet aid reached
//! China, 1937–1941. Pure Rust, tested natively; `wasm` is the only module that knows
//! about JavaScript. The folders, each depending only on those listed before it:
//!
//! - [`geometry`]: geodesic lengths, the projections, the view, flat polylines: geometry that
//!   knows nothing of the route data.
//! - [`data`]: the route set (places, legs, routes, sources, events, timeline, months,
//!   languages) as validated values, and the one loader that reads it from `geodata/`.
//! - [`views`]: what the page shows about routes, places and events, in a language.
//! - [`map`]: the map state the page drives (scene and story), with hit-testing, labels, the
//!   basemap and the moving markers.
//! - [`qr`]: QR codes of the kiosk's deep links.
//! - [`i18n`]: the texts of a geodata folder to and from gettext PO files, with the memory of
//!   what each translation was made from (native tools only).
//! - `wasm`: the JavaScript boundary (built for wasm32 only).
//!
//! Unit tests sit at the end of each module; `fixtures` (tests only) is the small route set
//! those of the map and the views share. `tests/` holds the tests of the whole shipped set.

pub mod data;
pub mod geometry;
pub mod map;
pub mod qr;
pub mod views;

#[cfg(not(target_arch = "wasm32"))]
pub mod i18n;

#[cfg(test)]
mod fixtures;

#[cfg(target_arch = "wasm32")]
pub mod wasm;
