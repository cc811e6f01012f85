//! The route set: places, legs, routes, sources, events and the timeline as plain validated
//! values, and the loader that reads them from the files in `geodata/`, reporting every
//! problem by file, feature and field.

pub mod error;
pub mod events;
pub mod geodata;
pub mod json;
pub mod languages;
pub mod model;
pub mod month;
pub mod text;
pub mod timeline;
