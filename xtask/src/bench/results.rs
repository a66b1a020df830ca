//! What a bench binary hands back to `cargo xtask bench`: a JSON file of samples.
//!
//! `xtask/benches/codegen.rs` uses these types; `generated-client/bench/benches/wire.rs`
//! writes the same shape with its own two-line structs (it cannot depend on xtask).

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::Error;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Results {
    pub measurements: Vec<Measurement>,
    /// Sizes and counts (generated lines, types...): not timed.
    #[serde(default)]
    pub counts: BTreeMap<String, u64>,
}

/// The wall time of each timed run of one thing (warm-up runs are not included).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Measurement {
    pub name: String,
    pub seconds: Vec<f64>,
    /// Bytes processed per run, for throughput.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bytes: Option<u64>,
    /// Requests made per run, for requests per second.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requests: Option<u64>,
}

impl Measurement {
    pub fn min(&self) -> f64 {
        self.seconds.iter().copied().fold(f64::INFINITY, f64::min)
    }

    pub fn median(&self) -> f64 {
        median(&self.seconds)
    }
}

/// The median (the mean of the middle two for an even count); NaN when empty.
pub fn median(samples: &[f64]) -> f64 {
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

impl Results {
    pub fn read(path: &Path) -> Result<Results, Error> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::other(format!("cannot read {}: {e}", path.display())))?;
        serde_json::from_str(&text)
            .map_err(|e| Error::other(format!("{} is malformed: {e}", path.display())))
    }

    pub fn write(&self, path: &Path) -> Result<(), Error> {
        let text = serde_json::to_string_pretty(self).map_err(|e| Error::other(e.to_string()))?;
        std::fs::write(path, text)
            .map_err(|e| Error::other(format!("cannot write {}: {e}", path.display())))
    }

    pub fn get(&self, name: &str) -> Option<&Measurement> {
        self.measurements.iter().find(|m| m.name == name)
    }

    pub fn merge(&mut self, other: Results) {
        self.measurements.extend(other.measurements);
        self.counts.extend(other.counts);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn min_and_median() {
        let m = Measurement {
            seconds: vec![3.0, 1.0, 2.0, 10.0],
            ..Measurement::default()
        };
        assert_eq!(m.min(), 1.0);
        assert_eq!(m.median(), 2.5);
        assert_eq!(median(&[5.0, 1.0, 3.0]), 3.0);
        assert!(median(&[]).is_nan());
    }
}
