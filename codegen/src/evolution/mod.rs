//! Living with a changing description: the generated API as data ([`surface`]), what a
//! new description changes for users ([`changes`]), and the catalogue of description
//! changes that proves the classification ([`catalogue`]).

pub mod catalogue;
pub mod changes;
pub mod surface;

pub use changes::{Bump, Change, Impact, Report, compare};
pub use surface::Surface;
