//! Supply Routes: the computing core of a map of the routes by which Soviet aid reached
//! China, 1937–1941. Pure Rust, tested natively; `wasm` is the only module that knows
//! about JavaScript.
//!
//! - [`text`]: localized strings from the geodata, with fallback to English.
//! - [`model`]: places, legs and routes as plain data.
//! - [`geodata`]: GeoJSON files → validated [`model::Atlas`], or every problem found.
//! - [`measure`]: WGS84 geodesic lengths and great-circle densification.
//! - [`projection`]: the Lambert conformal conic projection the map is drawn in.
//! - [`viewport`]: pan and zoom, world ↔ screen (CSS px).
//! - [`basemap`]: Natural Earth land and borders, projected, at several levels of detail.
//! - [`hit`]: which route is under a screen point, within a finger's tolerance.
//! - [`labels`]: place labels that never overlap.
//! - [`details`]: what the page shows about a route, in a language.
//! - [`timeline`]: months, the slider's span, and figures that grow over a span.
//! - [`events`]: the dated events of the story and when each is highlighted.
//! - [`markers`]: where the moving ships, trains, trucks and planes are at a moment of playback.
//! - [`qr`]: QR codes of the kiosk's deep links.
//! - [`scene`]: the whole map state the page drives: atlas, geometry, viewport.

pub mod basemap;
pub mod details;
pub mod events;
pub mod geodata;
pub mod hit;
pub mod labels;
pub mod languages;
pub mod markers;
pub mod measure;
pub mod model;
pub mod projection;
pub mod qr;
pub mod scene;
pub mod story;
pub mod text;
pub mod timeline;
pub mod viewport;

#[cfg(target_arch = "wasm32")]
pub mod wasm;
