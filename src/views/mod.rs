//! What the page shows about the map, resolved into one language: plain values that cross to
//! JavaScript through serde, built from the route set, the drawn lengths and the month shown.

pub mod events;
pub mod places;
pub mod routes;
pub mod sources;
pub mod war;
