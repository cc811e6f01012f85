//! The map the page drives: the scene (route set, drawn legs, basemap, view, selection) and
//! its story in time, with what they are built from: hit-testing, label placement, the moving
//! markers.

pub mod basemap;
pub mod hit;
pub mod labels;
pub mod legs;
pub mod markers;
pub mod occupation;
pub mod scene;
pub mod story;
