//! Living with a changing description: the generated API as data ([`surface`]), what a
//! new description changes for users ([`changes`]), the catalogue of description
//! changes that proves the classification ([`catalogue`]), and the crate's changelog and
//! releases that follow the changes ([`changelog`]).

pub mod catalogue;
pub mod changelog;
pub mod changes;
pub mod surface;
pub mod sweep;

pub use changes::{Bump, Change, Impact, Report, Update, compare};
pub use surface::Surface;
